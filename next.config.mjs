/** @type {import('next').NextConfig} */
const nextConfig = {
  // PGlite ships WASM + data files that must be loaded from node_modules at run time, not bundled.
  serverExternalPackages: ["@electric-sql/pglite", "postgres", "bcryptjs"],
  experimental: {
    // enables forbidden() → app/forbidden.tsx for signed-in users with the wrong role
    authInterrupts: true,
    // knowledge imports accept files up to 2 MB (lib/knowledge/parse-knowledge-file.ts); multipart adds a little
    serverActions: { bodySizeLimit: "3mb" },
  },
  poweredByHeader: false,
};

export default nextConfig;
