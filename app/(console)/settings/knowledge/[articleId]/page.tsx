import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { requireMember } from "@/app/_auth/guard";
import { getDb } from "@/db/client";
import { canAccess } from "@/lib/auth/roles";
import { getArticle, listCollections } from "@/lib/knowledge/list-knowledge";
import { formatInZone } from "@/lib/time/format";
import { ArticleForm } from "./article-form";

export const metadata: Metadata = { title: "Article" };

export default async function ArticlePage({ params }: { params: Promise<{ articleId: string }> }) {
  const member = await requireMember("settings");
  const { articleId } = await params;
  const db = await getDb();
  const [article, collections] = await Promise.all([getArticle(db, { orgId: member.orgId, articleId }), listCollections(db, { orgId: member.orgId })]);
  if (!article) notFound();
  const canEdit = canAccess(member.role, "settingsWrite");
  return (
    <div className="space-y-4">
      <div>
        <Link href="/settings/knowledge" className="text-sm text-blue-700 hover:underline">← Knowledge</Link>
        <h1 className="mt-1 text-2xl font-semibold">{article.title}</h1>
        <p className="text-sm text-gray-500">
          {article.collection} · updated {formatInZone(article.updatedAt, member.timezone, member.locale)} · source <code className="text-xs">{article.sourceKey}</code>
        </p>
      </div>
      {canEdit ? (
        <ArticleForm article={{ id: article.id, title: article.title, body: article.body, collection: article.collection, language: article.language as "en" | "id" }} collections={collections.map((c) => c.name)} />
      ) : (
        <article className="whitespace-pre-wrap rounded-lg border border-gray-200 bg-white p-5 text-sm text-gray-800">{article.body}</article>
      )}
    </div>
  );
}
