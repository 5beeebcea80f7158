// The search page: queries the Pagefind index written after the build and
// shows results with title, section, date, author and a highlighted excerpt.
// The query and filters live in the address (?q=…&section=…), so a search
// can be bookmarked, shared and reloaded; the form works by Enter alone.

const PAGE_SIZE = 10;
const form = document.querySelector(".search-form");
const input = document.getElementById("search-query");
const filtersBox = document.getElementById("search-filters");
const status = document.getElementById("search-status");
const list = document.getElementById("search-results");
const more = document.getElementById("search-more");
let pagefind = null;
let hidden = new Map();   // result id -> filters, from shards.json
let current = { results: [], shown: 0, serial: 0 };

function absolute(path) {
  return new URL(path, document.baseURI).href;
}

// The index is in shards (see plugins/search_index): the primary bundle
// holds the posts and pages, shards.json lists the others, merged here so
// one search ranks results, and counts filter values, across all of them.
async function load() {
  const bundle = absolute(form.dataset.bundle);
  const baseUrl = new URL(absolute(form.dataset.site)).pathname;
  pagefind = await import(bundle + "pagefind.js");
  await pagefind.options({ baseUrl });
  await pagefind.init();
  const response = await fetch(bundle + "shards.json");
  if (!response.ok) throw new Error(`shards.json: ${response.status}`);
  const manifest = await response.json();
  await Promise.all(manifest.shards.map(
    (shard) => pagefind.mergeIndex(new URL(shard.path, bundle).pathname, { baseUrl })));
  hidden = new Map((manifest.hidden || []).map((page) => [page.id, page.filters]));
  buildFilters(withoutHidden(await pagefind.filters()));
}

// Pages edited since their shard was indexed are in the "edits" bundle;
// their old copies stay in the shard, and the manifest names them (with
// their filter values) to be left out of results and counts.
function withoutHidden(counts) {
  for (const filters of hidden.values()) {
    for (const [name, values] of Object.entries(filters)) {
      for (const value of values) {
        if (counts[name] && counts[name][value] > 0 && --counts[name][value] === 0) {
          delete counts[name][value];
        }
      }
    }
  }
  return counts;
}

function element(tag, attributes = {}, text = "") {
  const node = document.createElement(tag);
  for (const [name, value] of Object.entries(attributes)) node.setAttribute(name, value);
  if (text) node.textContent = text;
  return node;
}

function sortedValues(counts, byName) {
  const values = Object.keys(counts || {});
  return byName ? values.sort() : values.sort((a, b) => counts[b] - counts[a] || a.localeCompare(b));
}

function sectionFilter(counts, chosen) {
  const box = element("fieldset", { class: "filter-sections" });
  box.append(element("legend", {}, "Section"));
  for (const value of sortedValues(counts, true)) {
    const label = element("label");
    const check = element("input", { type: "checkbox", name: "section", value });
    check.checked = chosen.includes(value);
    label.append(check, ` ${value} (${counts[value]})`);
    box.append(label);
  }
  return box;
}

function yearFilter(counts, chosen) {
  const label = element("label", { class: "filter-year" }, "Year ");
  const select = element("select", { name: "year" });
  select.append(element("option", { value: "" }, "any year"));
  for (const value of sortedValues(counts, true)) {
    const option = element("option", { value }, `${value} (${counts[value]})`);
    option.selected = value === chosen;
    select.append(option);
  }
  label.append(select);
  return label;
}

function authorFilter(counts, chosen) {
  const label = element("label", { class: "filter-author" }, "Author ");
  const field = element("input", { name: "author", list: "search-authors", autocomplete: "off" });
  field.value = chosen;
  const options = element("datalist", { id: "search-authors" });
  for (const value of sortedValues(counts, false)) options.append(element("option", { value }));
  label.append(field, options);
  return label;
}

function buildFilters(counts) {
  const params = new URLSearchParams(location.search);
  filtersBox.replaceChildren(
    sectionFilter(counts.section, params.getAll("section")),
    yearFilter(counts.year, params.get("year") || ""),
    authorFilter(counts.author, params.get("author") || ""),
  );
  filtersBox.hidden = false;
  filtersBox.addEventListener("change", () => run(true));
}

function chosenFilters() {
  const data = new FormData(form);
  const filters = {};
  const sections = data.getAll("section");
  if (sections.length) filters.section = { any: sections };
  if (data.get("year")) filters.year = data.get("year");
  if ((data.get("author") || "").trim()) filters.author = data.get("author").trim();
  return filters;
}

// Pagefind's excerpt is HTML with <mark> around matches; keep only its text
// and the marks, so nothing else from an indexed page can reach this one.
function excerptNodes(html) {
  const parsed = new DOMParser().parseFromString(`<p>${html}</p>`, "text/html");
  const nodes = [];
  for (const child of parsed.body.firstChild.childNodes) {
    if (child.nodeName === "MARK") nodes.push(element("mark", {}, child.textContent));
    else nodes.push(document.createTextNode(child.textContent));
  }
  return nodes;
}

function resultItem(data) {
  const item = element("li", { class: "search-result" });
  const heading = element("h2");
  heading.append(element("a", { href: data.url }, data.meta.title || data.url));
  const facts = [(data.filters.section || [])[0], data.meta.date,
    (data.filters.author || []).join(", ")].filter(Boolean);
  const meta = element("p", { class: "meta" }, facts.join(" · "));
  const excerpt = element("p", { class: "excerpt" });
  excerpt.append(...excerptNodes(data.excerpt));
  item.append(heading, meta, excerpt);
  return item;
}

async function showMore() {
  const serial = current.serial;
  const next = current.results.slice(current.shown, current.shown + PAGE_SIZE);
  const loaded = await Promise.all(next.map((result) => result.data()));
  if (serial !== current.serial) return;
  list.append(...loaded.map(resultItem));
  current.shown += next.length;
  more.hidden = current.shown >= current.results.length;
}

function remember() {
  const params = new URLSearchParams();
  for (const [key, value] of new FormData(form)) if (value) params.append(key, value);
  history.replaceState(null, "", params.toString() ? `?${params}` : location.pathname);
}

// Each shard is searched on its own, and one that lacks a word falls back
// to pages holding parts of it ("r", "re" for "reorganising"), which then
// outrank the page that has the word in another shard. So when some pages
// hold one of the words (stemmed: an exact search of one word), only those
// are kept; a word found nowhere keeps Pagefind's fallback.
async function genuine(query, filters, results) {
  if (!query || query.includes('"')) return results;
  const words = query.split(/\s+/).filter(Boolean);
  const exact = await Promise.all(words.map((word) => pagefind.search(`"${word}"`, { filters })));
  const found = new Set(exact.flatMap((search) => search.results.map((result) => result.id)));
  return found.size ? results.filter((result) => found.has(result.id)) : results;
}

async function run(keepAddress) {
  const query = input.value.trim();
  const filters = chosenFilters();
  const serial = ++current.serial;
  if (!query && !Object.keys(filters).length) {
    list.replaceChildren();
    status.textContent = "";
    more.hidden = true;
    return;
  }
  if (keepAddress !== false) remember();
  const search = await pagefind.search(query || null, { filters });
  const found = await genuine(query, filters, search.results);
  const results = found.filter((result) => !hidden.has(result.id));
  if (serial !== current.serial) return;
  current = { results, shown: 0, serial };
  list.replaceChildren();
  await showMore();
  if (serial !== current.serial) return;
  // The status comes last: when it changes, the results are on the page.
  const count = results.length;
  const what = query ? ` for “${query}”` : "";
  status.textContent = count ? `${count} result${count === 1 ? "" : "s"}${what}.`
    : `Nothing found${what}. Try fewer words, or fewer filters.`;
}

form.addEventListener("submit", (event) => {
  event.preventDefault();
  run(true);
});
more.addEventListener("click", () => showMore());

load().then(() => {
  input.value = new URLSearchParams(location.search).get("q") || "";
  return run(false);
}).catch((error) => {
  status.textContent = `Search could not be loaded (${error.message}). ` +
    "Browse the archives and indexes instead.";
});
