const rupiah = new Intl.NumberFormat("id-ID", { style: "currency", currency: "IDR", maximumFractionDigits: 0, minimumFractionDigits: 0 });

/**
 * Rupiah the Indonesian way, rounded to whole rupiah: `Rp 1.250.000` (Intl's id-ID currency format; the space after
 * "Rp" is a no-break space).
 */
export function formatRupiah(amount: number): string {
  return rupiah.format(Math.round(amount));
}
