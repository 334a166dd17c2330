/**
 * The `detail` of a `low_confidence` signal on a question about another company's own account or product (issue 14
 * item 5): `other_company: Netflix, Spotify`. Shared by the engine that writes it and the pages that read it.
 */
export const OTHER_COMPANY = "other_company";

/** The detail for a hand-over on `companies` (their names, in the order named). */
export function otherCompanyDetail(companies: readonly string[]): string {
  return `${OTHER_COMPANY}: ${companies.join(", ")}`;
}

/** The companies of an {@link otherCompanyDetail}, or null when `detail` is not one. */
export function otherCompaniesOf(detail: string | null | undefined): string | null {
  const prefix = `${OTHER_COMPANY}: `;
  return detail?.startsWith(prefix) ? detail.slice(prefix.length) : null;
}
