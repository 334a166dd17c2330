import createNextIntlPlugin from "next-intl/plugin";

// the console's two languages (issue 19): app/_i18n/request.ts picks the reader's, lib/i18n/messages.ts holds the words
const withNextIntl = createNextIntlPlugin("./app/_i18n/request.ts");

/** @type {import('next').NextConfig} */
const nextConfig = {
  // PGlite ships WASM + data files that must be loaded from node_modules at run time, not bundled.
  serverExternalPackages: ["@electric-sql/pglite", "postgres", "bcryptjs", "rate-limiter-flexible", "request-filtering-agent"],
  experimental: {
    // enables forbidden() → app/forbidden.tsx for signed-in users with the wrong role
    authInterrupts: true,
    // knowledge imports accept files up to 2 MB (lib/knowledge/parse-knowledge-file.ts); multipart adds a little
    serverActions: { bodySizeLimit: "3mb" },
  },
  poweredByHeader: false,
  // every response (issue 17): no framing (the approvals drawer's buttons can't be clickjacked), no MIME sniffing,
  // no plugin content, forms and <base> only to this origin, and a referrer that never leaks paths off-site. Pages
  // get the full policy with a script nonce from proxy.ts (lib/http/content-security-policy.ts), which replaces this one.
  async headers() {
    return [
      {
        source: "/:path*",
        headers: [
          { key: "Content-Security-Policy", value: "frame-ancestors 'none'; base-uri 'self'; form-action 'self'; object-src 'none'" },
          { key: "X-Frame-Options", value: "DENY" },
          { key: "X-Content-Type-Options", value: "nosniff" },
          { key: "Referrer-Policy", value: "strict-origin-when-cross-origin" },
          { key: "Permissions-Policy", value: "camera=(), microphone=(), geolocation=(), payment=()" },
        ],
      },
    ];
  },
};

export default withNextIntl(nextConfig);
