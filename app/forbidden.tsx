import { StatusPage } from "@/components/status-page";

export default function Forbidden() {
  return (
    <StatusPage code="403" title="This page is not available for your role">
      Ask an owner or admin of your organization if you need access.
    </StatusPage>
  );
}
