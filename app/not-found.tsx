import { StatusPage } from "@/components/status-page";

export default function NotFound() {
  return (
    <StatusPage code="404" title="We couldn't find that page">
      It may have been removed, or it belongs to another organization.
    </StatusPage>
  );
}
