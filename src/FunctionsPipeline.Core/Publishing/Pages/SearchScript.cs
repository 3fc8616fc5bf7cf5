using System.Security.Cryptography;
using System.Text;
using FunctionsPipeline.Core.Common;
using FunctionsPipeline.Core.Rendering.Html;
using FunctionsPipeline.Core.Publishing.Storage;

namespace FunctionsPipeline.Core.Publishing.Pages;

/// <summary>
/// The site's only script (search/find-{hash}.js): finds bodies by part of their name from the static index
/// (<see cref="SiteSearch"/>). Its file name carries a hash of its text, so it is cached as immutable and a page
/// always loads the script it was written with; pages that show the box allow exactly this file by its SHA-256
/// (CSP hash source + Subresource Integrity). Without script the box stays hidden and the lists lead everywhere.
/// </summary>
internal static class SearchScript
{
    public const string Text = """
        (() => {
          'use strict';
          const form = document.getElementById('find-body');
          if (!form || !window.fetch || !String.prototype.normalize) return;
          const root = form.getAttribute('data-root') || '';
          const input = form.querySelector('input');
          const status = document.getElementById('find-body-status');
          const list = document.getElementById('find-body-results');
          const GRAM_SHARDS = 2048, MAX_CANDIDATES = 200, MAX_SHOWN = 50;
          const norm = (s) => s.normalize('NFKC').replace(/\s+/gu, '').toLowerCase();
          const bigrams = (s) => {
            const c = Array.from(s), out = [];
            for (let i = 0; i + 1 < c.length; i++) { const g = c[i] + c[i + 1]; if (!out.includes(g)) out.push(g); }
            return out;
          };
          const hash = (g) => {
            let h = 0x811c9dc5;
            for (const ch of g) { h ^= ch.codePointAt(0); h = Math.imul(h, 0x01000193) >>> 0; }
            return h;
          };
          const cache = new Map();
          const load = (path) => {
            if (!cache.has(path)) {
              const p = fetch(root + path).then((r) => {
                if (r.status === 404) return null;
                if (!r.ok) throw new Error(String(r.status));
                return r.json();
              });
              p.catch(() => cache.delete(path));
              cache.set(path, p);
            }
            return cache.get(path);
          };
          const say = (text) => { status.textContent = text; };
          const show = (bodies) => {
            list.replaceChildren(...bodies.map((b) => {
              const li = document.createElement('li');
              const a = document.createElement('a');
              a.href = root + 'bodies/' + encodeURIComponent(b.slug) + '/index.html';
              a.textContent = b.name;
              li.append(a);
              return li;
            }));
          };
          let asked = 0;
          const find = async (query) => {
            const ticket = ++asked;
            const q = norm(query);
            show([]);
            if (q.length === 0) { say(''); return; }
            const grams = bigrams(q);
            if (grams.length === 0) { say('请至少输入两个字，例如“西集”。'); return; }
            say('正在查找…');
            try {
              const shards = await Promise.all(grams.map((g) => load('search/g/' + (hash(g) % GRAM_SHARDS).toString(16).padStart(3, '0') + '.json')));
              let ids = null;
              grams.forEach((g, i) => {
                const s = shards[i];
                // A stop bigram, or one a full shard does not list (it may have been stopped): it narrows nothing.
                if (s && ((s.stop && s.stop.includes(g)) || (s.full && !(s.grams && s.grams[g])))) return;
                const found = new Set((s && s.grams && s.grams[g]) || []);
                ids = ids === null ? found : new Set([...ids].filter((id) => found.has(id)));
              });
              if (ticket !== asked) return;
              if (ids === null) { say('“' + query.trim() + '”中的字词过于常见，请输入名称中更具体的部分（如地名），或按下方年度目录查找。'); return; }
              if (ids.size > MAX_CANDIDATES) { say('名称中含有“' + query.trim() + '”的机关较多，请输入更长的名称。'); return; }
              const byShard = new Set([...ids].map((id) => 'search/n/' + id.slice(0, 2) + '.json'));
              const names = await Promise.all([...byShard].map(load));
              if (ticket !== asked) return;
              const bodies = names.filter(Boolean).flatMap((n) => n.bodies)
                .filter((b) => ids.has(b[0]) && norm(b[1]).includes(q))
                .map((b) => ({ name: b[1], slug: b[2] || b[1] + '-' + b[0] }))
                .sort((x, y) => x.name.localeCompare(y.name, 'zh-CN'));
              if (bodies.length === 0) { say('没有找到名称中含有“' + query.trim() + '”的机关。'); return; }
              say(bodies.length > MAX_SHOWN ? '找到' + bodies.length + '个机关，显示前' + MAX_SHOWN + '个：' : '找到' + bodies.length + '个机关：');
              show(bodies.slice(0, MAX_SHOWN));
            } catch (e) {
              if (ticket === asked) say('暂时无法查找，请稍后再试，或按下方年度目录查找。');
            }
          };
          let timer = 0;
          input.addEventListener('input', () => { clearTimeout(timer); timer = setTimeout(() => find(input.value), 150); });
          form.addEventListener('submit', (e) => { e.preventDefault(); clearTimeout(timer); find(input.value); });
          form.hidden = false;
        })();

        """;

    public static readonly byte[] Bytes = Encoding.UTF8.GetBytes(Text);

    /// <summary>search/find-{first 12 hex of SHA-256}.js</summary>
    public static readonly string FileName = $"{SiteSearch.Folder}/find-{Sha256.Hex(Bytes)[..12]}.js";

    /// <summary>"sha256-…" (base64), for the CSP hash source and the integrity attribute.</summary>
    public static readonly string Integrity = "sha256-" + Convert.ToBase64String(SHA256.HashData(Bytes));

    /// <summary>The search box (hidden until the script shows it) and the script tag; <paramref name="rootHref"/> leads to the site root.</summary>
    public static string Box(string rootHref) =>
        $"""
        <form id="find-body" class="find" role="search" data-root="{HtmlText.Encode(rootHref)}" hidden>
        <label for="find-body-q">按名称查找机关</label>
        <input id="find-body-q" type="search" autocomplete="off" placeholder="输入机关名称的一部分，如：西集">
        <button type="submit">查找</button>
        <p id="find-body-status" class="find-status" role="status" aria-live="polite"></p>
        <ul id="find-body-results" class="find-results"></ul>
        </form>

        """;

    /// <summary>What <see cref="HtmlPage.Wrap"/> needs to load the script and allow only it.</summary>
    public static (string Path, string Integrity) Ref => (FileName, Integrity);
}
