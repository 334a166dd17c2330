/** `npm run db:seed`: migrates and seeds the demo organization (users, channels, knowledge base). */
import { DEMO_PASSWORD, DEMO_USERS } from "@/lib/demo/seed-demo-org";
import { migrateAndSeed } from "./load-seed";

const seeded = await migrateAndSeed();
console.log(`Seeded demo org ${seeded.orgId}: ${seeded.channels.length} channels, ${seeded.articles} knowledge articles.`);
console.log(`Logins (password "${DEMO_PASSWORD}"): ${DEMO_USERS.map((u) => u.email).join(", ")}`);
