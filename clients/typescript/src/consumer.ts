// What the county's website reads from the API, typed only by the types that openapi-typescript
// generates from /api/openapi.json (src/generated/api.d.ts). Every field read passes through
// `known` or `exactly`, so a field that the document leaves untyped (any, unknown, never) or
// optional where it is always there breaks the compilation.

import type { components, operations } from "./generated/api";
import { type Assert, type Equal, type IsKnown, exactly, known } from "./assert";

type Schemas = components["schemas"];

/** The JSON body of an operation's 200 answer, by its operationId. */
export type Answer<Id extends keyof operations> = operations[Id]["responses"] extends {
  200: { content: { "application/json": infer Body } };
}
  ? Body
  : never;

/** The query parameters an operation takes. */
export type Query<Id extends keyof operations> = NonNullable<operations[Id]["parameters"]["query"]>;

type QueryValue = string | number | boolean | readonly (string | number | boolean)[];

/** The operations that answer with a redirect to a detail. */
type FindOperation = "findPage" | "findImage" | "findDocument" | "findRedirect";

export class CountyApi {
  constructor(private readonly baseUrl: string) {}

  /** GET an operation's address; the answer is typed by the operation's name. */
  async get<Id extends keyof operations>(
    _operation: Id,
    path: string,
    query?: Query<Id>,
  ): Promise<Answer<Id>> {
    return (await this.request(path, query ?? {})) as Answer<Id>;
  }

  /** Follow a `find` operation's redirect (fetch does) to the detail, typed as `detail`'s answer. */
  async find<Find extends FindOperation, Detail extends keyof operations>(
    _operation: Find,
    _detail: Detail,
    path: string,
    query: Query<Find>,
  ): Promise<Answer<Detail>> {
    return (await this.request(path, query)) as Answer<Detail>;
  }

  private async request(path: string, query: object): Promise<unknown> {
    const url = new URL(path, this.baseUrl);
    for (const [name, value] of Object.entries(query as Record<string, QueryValue>)) {
      for (const item of Array.isArray(value) ? value : [value]) {
        url.searchParams.append(name, String(item));
      }
    }
    const response = await fetch(url, { headers: { Accept: "application/json" } });
    if (!response.ok) {
      const error = (await response.json()) as Schemas["Error"];
      throw new Error(`${response.status} ${url.pathname}: ${exactly<string>()(error.message)}`);
    }
    return await response.json();
  }
}

// Every operation the site uses answers with a typed body.
export type OperationsAreTyped = [
  Assert<IsKnown<Answer<"listPages">>>,
  Assert<IsKnown<Answer<"getPage">>>,
  Assert<IsKnown<Answer<"listSchemes">>>,
  Assert<IsKnown<Answer<"getPerson">>>,
  Assert<IsKnown<Answer<"listMeetings">>>,
  Assert<IsKnown<Answer<"search">>>,
  Assert<IsKnown<Answer<"listImages">>>,
  Assert<IsKnown<Answer<"listDocuments">>>,
  Assert<IsKnown<Answer<"listRedirects">>>,
  Assert<IsKnown<Answer<"getForm">>>,
];

// Pages ------------------------------------------------------------------------------------

export type PageDetail = Schemas["PageDetail"];
export type PageType = PageDetail["meta"]["type"];
export type PageOf<T extends PageType> = Extract<PageDetail, { meta: { type: T } }>;

// meta.type is a union of the page types' labels, not any string.
export type PageTypesAreLabels = [
  Assert<Equal<string extends PageType ? true : false, false>>,
  Assert<Equal<Extract<PageType, "schemes.SchemePage">, "schemes.SchemePage">>,
];

/** Narrow anything with a `meta.type` (a page, a listing item, a finder item) to one type. */
export function hasType<U extends { meta: { type: string } }, T extends U["meta"]["type"]>(
  item: U,
  type: T,
): item is Extract<U, { meta: { type: T } }> {
  return item.meta.type === type;
}

export interface MenuEntry {
  id: number;
  title: string;
  href: string | null;
  type: PageType;
}

/** The site's menu: the pages below the home page that editors show in menus. */
export async function menu(api: CountyApi, homeId: number): Promise<MenuEntry[]> {
  const listing = await api.get("listPages", "/api/v2/pages/", {
    child_of: homeId,
    show_in_menus: "true",
    fields: "show_in_menus",
  });
  exactly<number>()(listing.meta.total_count);
  return listing.items.map((item) => ({
    id: exactly<number>()(item.id),
    title: exactly<string>()(item.title),
    href: exactly<string | null>()(item.meta.html_url),
    type: known(item.meta.type),
  }));
}

/** The schemes of a listing filtered by type, with a field of their own. */
export async function schemeSummaries(api: CountyApi): Promise<string[]> {
  const listing = await api.get("listPages", "/api/v2/pages/", {
    type: "schemes.SchemePage",
    fields: "summary",
  });
  return listing.items.flatMap((item) =>
    hasType(item, "schemes.SchemePage")
      ? [`${exactly<string>()(item.title)}: ${exactly<string | undefined>()(item.summary) ?? ""}`]
      : [],
  );
}

// `find` answers a 302 to the detail; its Location is typed, and fetch follows it.
type FindLocation = operations["findPage"]["responses"][302]["headers"]["Location"];
export type FindIsARedirect = Assert<Equal<FindLocation, string>>;

/** The page at a path of the county's website, e.g. "/attraktive-samfunn/". */
export async function pageByPath(api: CountyApi, htmlPath: string): Promise<PageDetail> {
  const page = await api.find("findPage", "getPage", "/api/v2/pages/find/", { html_path: htmlPath });
  exactly<string | null>()(page.meta.html_url);
  exactly<number>()(page.id);
  for (const crumb of page.meta.breadcrumbs) {
    exactly<string>()(crumb.title);
  }
  // The parent nests its own meta, as in stock Wagtail API v2.
  const parent = page.meta.parent;
  if (parent !== null) {
    exactly<number>()(parent.id);
    exactly<string>()(parent.meta.detail_url);
    known(parent.meta.type);
  }
  return page;
}

const text = exactly<string>();
const maybeText = exactly<string | null>();

function links(items: Schemas["Link"][]): string[] {
  return items.map((link) => `${text(link.title)} ${maybeText(link.url) ?? ""}`);
}

/** A body's blocks by type; a table by its caption, typed columns and cells. */
function body(blocks: Schemas["schemesSchemePage"]["body"]): string[] {
  return blocks.flatMap((block) =>
    block.type === "table"
      ? [
          text(block.value.caption),
          ...block.value.columns.map(
            (column) =>
              `${exactly<"text" | "number" | "rich_text">()(column.type)} ${text(column.heading)}`,
          ),
          ...block.value.rows.flatMap((row) =>
            row.values.map((cell) => String(exactly<string | number | null>()(cell))),
          ),
        ]
      : [known(block.type)],
  );
}

function contacts(items: Schemas["Contact"][]): string[] {
  return items.map(
    ({ person, note }) =>
      `${text(person.name)} (${text(person.job_title)}) ${text(person.email)} ${text(person.phone)} ${text(note)}`,
  );
}

/** What each page type shows beyond its title: one reader per type, each type covered. */
const readers: { [T in PageType]: (page: PageOf<T>) => string[] } = {
  "home.HomePage": (page) => [
    text(page.lead),
    ...page.body.map((block) => known(block.type)),
  ],
  "home.TopicPage": (page) => [
    text(page.lead),
    text(page.intro),
    ...page.sections.flatMap(({ value }) => [
      maybeText(value.title) ?? "",
      ...value.cards.map((card) => `${text(card.title)} ${maybeText(card.url) ?? ""}`),
      ...links(value.links.links),
      ...contacts(value.contacts.contacts),
    ]),
  ],
  "strategy.StrategyPage": (page) => [
    text(page.lead),
    text(page.meetings_calendar_url),
    ...page.industries.map((industry) => text(industry.name)),
    ...page.meetings.map(
      (meeting) =>
        `${text(meeting.start)} ${text(meeting.region.name)} ${text(meeting.venue)} ${exactly<boolean>()(meeting.cancelled)}`,
    ),
    ...page.milestones.map(
      (milestone) =>
        `${text(milestone.period)} ${exactly<"planned" | "ongoing" | "completed">()(milestone.status)}`,
    ),
    page.project_lead ? text(page.project_lead.name) : "",
    page.feedback_form ? text(page.feedback_form.title) : "",
  ],
  "strategy.FeedbackFormPage": (page) => [
    known(page.state),
    text(page.consent_text),
    ...page.form_fields.map((field) => `${text(field.label)} ${exactly<boolean>()(field.required)}`),
  ],
  "schemes.SchemePage": (page) => [
    text(page.summary),
    ...body(page.body),
    known(page.status),
    known(page.kind),
    ...page.municipalities.map((municipality) => `${text(municipality.name)} ${text(municipality.number)}`),
    ...page.funding_partners.map((partner) => text(partner.name)),
    ...page.eligible_applicants.map((applicant) => text(applicant.name)),
    ...page.contacts.flatMap((block) => contacts([block.value])),
    ...page.related_links.flatMap((block) => links([block.value])),
  ],
  "schemes.ProgrammePage": (page) => [
    text(page.summary),
    page.owner_organisation ? text(page.owner_organisation.name) : "",
    ...page.participating_counties.map((county) => text(county.name)),
    ...page.related_programme_pages.map((programme) => text(programme.title)),
    ...page.phases.map(({ value }) => `${maybeText(value.title) ?? ""} ${maybeText(value.text) ?? ""}`),
    maybeText(page.period_start) ?? "",
  ],
  "schemes.SchemeIndexPage": (page) => [text(page.lead), text(page.intro)],
};

/** A page's own fields, read by its type. */
export function describePage(page: PageDetail): string[] {
  const read = readers[page.meta.type] as (page: PageDetail) => string[];
  return [text(page.title), ...read(page)];
}

/** A strategy's meetings, read from its detail after narrowing by type. */
export function strategyMeetings(page: PageDetail): string[] {
  if (!hasType(page, "strategy.StrategyPage")) {
    return [];
  }
  return page.meetings.map((meeting) => `${text(meeting.place)} ${text(meeting.end)}`);
}

// The finder --------------------------------------------------------------------------------

export async function finder(api: CountyApi): Promise<string[]> {
  const answer = await api.get("listSchemes", "/api/v2/schemes/", {
    topic: ["bredband"],
    status: ["open", "continuous"],
  });
  const facets = answer.meta.facets;
  const lines = [
    ...facets.topic.map((value) => `${text(value.name)} ${exactly<number>()(value.count)}`),
    ...facets.municipality.map(
      (value) => `${text(value.value)} ${exactly<string | undefined>()(value.number) ?? ""}`,
    ),
    ...facets.kind.map((value) => text(value.value)),
    ...facets.status.map((value) => text(value.name)),
    ...facets.region.map((value) => text(value.name)),
    ...facets.applicant.map((value) => text(value.name)),
  ];
  for (const item of answer.items) {
    lines.push(text(item.title), text(item.summary), known(item.status), known(item.kind));
    lines.push(...item.topics.map((topic) => text(topic.slug)));
    if (hasType(item, "schemes.ProgrammePage")) {
      lines.push(item.owner_organisation ? text(item.owner_organisation.short_name) : "");
    }
  }
  return lines;
}

// People, meetings and search ---------------------------------------------------------------

export async function person(api: CountyApi, id: number): Promise<string> {
  const member = await api.get("getPerson", `/api/v2/people/${id}/`);
  const photo = member.photo ? text(member.photo.renditions.thumbnail.url) : "";
  const topics = member.topics.map((topic) => text(topic.name)).join(", ");
  return `${text(member.name)} ${text(member.email)} ${text(member.phone)} ${photo} ${topics}`;
}

export async function upcomingMeetings(api: CountyApi): Promise<string[]> {
  const answer = await api.get("listMeetings", "/api/v2/meetings/", { upcoming: true });
  return answer.items.map(
    (meeting) =>
      `${text(meeting.start)} ${text(meeting.region.name)} ${meeting.municipality ? text(meeting.municipality.name) : ""} ${text(meeting.strategy.title)}`,
  );
}

export async function search(api: CountyApi, q: string): Promise<string[]> {
  const answer = await api.get("search", "/api/v2/search/", { q });
  const counts = answer.meta.counts;
  return [
    `${exactly<number>()(answer.meta.total_count)} ${exactly<number>()(counts.person)}`,
    ...answer.items.map((hit) => {
      const line = `${known(hit.type)} ${text(hit.title)} ${maybeText(hit.url) ?? ""} ${text(hit.snippet)} ${exactly<boolean>()(hit.promoted)}`;
      // Each kind of hit has its own fields, picked by `type`.
      switch (hit.type) {
        case "page":
        case "scheme":
        case "programme":
          return `${line} ${exactly<number>()(hit.id)} ${text(hit.detail_url)}`;
        case "person":
          return `${line} ${text(hit.email)} ${text(hit.phone)}`;
        case "document":
          return `${line} ${exactly<number>()(hit.id)}`;
        case "link":
          return `${line} ${exactly<null>()(hit.id)}`;
      }
    }),
  ];
}

// Wagtail's other endpoints -------------------------------------------------------------------

export async function media(api: CountyApi): Promise<string[]> {
  const images = await api.get("listImages", "/api/v2/images/");
  const documents = await api.get("listDocuments", "/api/v2/documents/");
  const redirects = await api.get("listRedirects", "/api/v2/redirects/");
  return [
    ...images.items.map((image) => `${text(image.title)} ${text(image.meta.download_url)}`),
    ...documents.items.map((document) => `${text(document.title)} ${text(document.meta.download_url)}`),
    ...redirects.items.map((redirect) => `${text(redirect.old_path)} ${maybeText(redirect.location) ?? ""}`),
  ];
}

export async function feedbackForm(api: CountyApi, id: number): Promise<string[]> {
  const form = await api.get("getForm", `/api/v2/forms/${id}/`);
  return [
    known(form.state),
    text(form.consent.text),
    ...form.fields.map((field) => `${text(field.label)} ${known(field.value_type)}`),
  ];
}
