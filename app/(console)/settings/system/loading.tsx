/** Skeleton while the jobs' health and the delivery counts load. */
export default function Loading() {
  return (
    <div className="animate-pulse space-y-6" aria-busy="true" aria-label="Loading system status">
      <div className="h-8 w-40 rounded bg-gray-200" />
      <div className="h-72 rounded-lg bg-gray-100" />
      <div className="h-40 rounded-lg bg-gray-100" />
    </div>
  );
}
