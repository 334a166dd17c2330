import type { Metadata } from "next";
import { getTranslations } from "next-intl/server";
import Link from "next/link";
import type { ReactNode } from "react";
import { notFound } from "next/navigation";
import { requireMember } from "@/app/_auth/guard";
import { getDb } from "@/db/client";
import { canAccess } from "@/lib/auth/roles";
import { getArticle, listCollections } from "@/lib/knowledge/list-knowledge";
import { formatInZone } from "@/lib/time/format";
import { AudienceBadge } from "../audience";
import { ArticleForm } from "./article-form";

export async function generateMetadata(): Promise<Metadata> {
  const t = await getTranslations("agents");
  return { title: t("article.metaTitle") };
}

export default async function ArticlePage({ params }: { params: Promise<{ articleId: string }> }) {
  const member = await requireMember("settings");
  const { articleId } = await params;
  const db = await getDb();
  const [article, collections] = await Promise.all([getArticle(db, { orgId: member.orgId, articleId }), listCollections(db, { orgId: member.orgId })]);
  if (!article) notFound();
  const canEdit = canAccess(member.role, "settingsWrite");
  const t = await getTranslations("agents");
  const code = (chunks: ReactNode) => <code className="break-all text-xs">{chunks}</code>;
  return (
    <div className="space-y-4">
      <div>
        <Link href="/settings/knowledge" className="text-sm text-blue-700 hover:underline">{t("article.back")}</Link>
        <h1 className="mt-1 text-2xl font-semibold">{article.title}</h1>
        <p className="flex flex-wrap items-center gap-x-1 text-sm text-gray-500">
          <AudienceBadge audience={article.audience} />
          <span>
            {t.rich("article.meta", { collection: article.collection, date: formatInZone(article.updatedAt, member.timezone, member.locale), source: article.sourceKey, code })}
            {article.topicKey ? t.rich("article.topicKey", { key: article.topicKey, code }) : null}
          </span>
        </p>
      </div>
      {canEdit ? (
        <ArticleForm
          article={{
            id: article.id, title: article.title, body: article.body, collection: article.collection, language: article.language as "en" | "id",
            audience: article.audience, topicKey: article.topicKey, examples: article.examples,
          }}
          collections={collections.map((c) => c.name)}
        />
      ) : (
        <div className="space-y-4">
          <article className="whitespace-pre-wrap rounded-lg border border-gray-200 bg-white p-5 text-sm text-gray-800">{article.body}</article>
          <section className="rounded-lg border border-gray-200 bg-white p-5 text-sm">
            <h2 className="font-semibold">{t("article.examples")}</h2>
            {article.examples.length ? (
              <ul className="mt-2 list-disc space-y-1 pl-5 text-gray-800">{article.examples.map((q) => <li key={q}>{q}</li>)}</ul>
            ) : <p className="mt-2 text-gray-600">{t("article.noExamples")}</p>}
          </section>
        </div>
      )}
    </div>
  );
}
