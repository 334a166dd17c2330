import path from "node:path";

/** Folder of the real data copied into the repo (db/seed-data; licences beside each file). */
export const SEED_DATA_DIR = path.resolve(process.cwd(), "db/seed-data");
