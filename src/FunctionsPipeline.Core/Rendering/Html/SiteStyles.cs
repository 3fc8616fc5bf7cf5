namespace FunctionsPipeline.Core.Rendering.Html;

/// <summary>The one stylesheet (site.css) all pages link to: readable Chinese body text, tables that scroll sideways on a phone.</summary>
public static class SiteStyles
{
    public const string FileName = "site.css";

    public const string Css = """
        :root { --ink: #1a1a1a; --muted: #5f6368; --line: #9aa0a6; --accent: #a4161a; --head: #f1f3f4; --link: #0b57d0; }
        * { box-sizing: border-box; }
        html { -webkit-text-size-adjust: 100%; text-size-adjust: 100%; }
        body { margin: 0; color: var(--ink); background: #fff; line-height: 1.8; font-size: 16px;
          font-family: "Noto Sans SC", "Noto Sans CJK SC", "PingFang SC", "Hiragino Sans GB", "Microsoft YaHei", "Source Han Sans SC", sans-serif; }
        a { color: var(--link); }
        .site-header { background: var(--accent); padding: .6rem 1rem; }
        .site-header a { color: #fff; text-decoration: none; font-weight: 700; letter-spacing: .05em; }
        .site-footer { max-width: 60rem; margin: 2rem auto; padding: 1rem; border-top: 1px solid #ddd; color: var(--muted); font-size: .9rem; }
        main { max-width: 60rem; margin: 0 auto; padding: 1rem; }
        h1 { font-size: 1.45rem; line-height: 1.5; text-align: center; margin: 1.2rem 0; }
        h2 { font-size: 1.2rem; margin: 1.6rem 0 .6rem; }
        h3 { font-size: 1.05rem; margin: 1.2rem 0 .4rem; }
        p { margin: .4rem 0; }
        .report p.indent { text-indent: 2em; }
        .table-wrap { overflow-x: auto; -webkit-overflow-scrolling: touch; margin: .6rem 0 1.2rem; border: 1px solid #e0e0e0; }
        .table-wrap:focus { outline: 2px solid var(--link); }
        table { border-collapse: collapse; font-size: .9rem; line-height: 1.5; min-width: 100%; }
        caption { caption-side: top; text-align: left; padding: .4rem .5rem; color: var(--muted); font-size: .85rem; }
        th, td { border: 1px solid var(--line); padding: .35rem .5rem; vertical-align: middle; text-align: center; }
        th { background: var(--head); font-weight: 600; }
        th.row, td.left, th.left { text-align: left; }
        th.row { font-weight: 400; background: #fafafa; min-width: 6em; }
        td.num { font-variant-numeric: tabular-nums; white-space: nowrap; min-width: 3.5em; }
        .wide th, .wide td { min-width: 4.5em; }
        .wide th.row.left { min-width: 14em; }
        .notice .meta { text-align: center; color: var(--muted); }
        .kind { display: inline-block; background: var(--accent); color: #fff; padding: 0 .5em; border-radius: 3px; font-size: .85rem; margin-right: .5em; }
        .notice .signature { text-align: right; margin-top: 1.5rem; }
        .files { list-style: none; padding: 0; }
        .files li { margin: .6rem 0; padding: .6rem .8rem; border: 1px solid #e0e0e0; border-radius: 4px; }
        .files .hash { font-family: ui-monospace, "DejaVu Sans Mono", monospace; font-size: .8rem; overflow-wrap: anywhere; color: var(--muted); }
        .changes li { margin: .3rem 0; }
        .changes thead th { white-space: nowrap; }
        .changes .old { text-decoration: line-through; color: var(--muted); }
        .changes .new { font-weight: 700; color: var(--accent); }
        figure.chart { margin: 1rem 0; }
        figure.chart svg { width: 100%; height: auto; max-width: 30rem; display: block; }
        figure.chart figcaption { font-weight: 600; margin-bottom: .3rem; }
        .chart .bar { fill: var(--accent); }
        .chart .bar.alt { fill: #1967d2; }
        .chart text { fill: var(--ink); }
        .chart .track { fill: #f1f3f4; }
        .catalogue { border: 1px solid #d0d4d8; background: #f8f9fa; padding: .5rem .9rem; margin: .6rem 0 1rem; font-size: .9rem; line-height: 1.6; }
        .catalogue dl { margin: 0; display: grid; grid-template-columns: repeat(auto-fit, minmax(21rem, 1fr)); gap: .2rem 1.5rem; }
        .catalogue dl div { display: flex; gap: .5em; min-width: 0; }
        .catalogue dt { color: var(--muted); white-space: nowrap; flex: none; }
        .catalogue dt::after { content: "："; }
        .catalogue dd { margin: 0; overflow-wrap: anywhere; min-width: 0; }
        .catalogue dd.code { font-variant-numeric: tabular-nums; white-space: nowrap; }
        .trend-grid { display: grid; grid-template-columns: repeat(auto-fill, minmax(16rem, 1fr)); gap: 0 1.5rem; }
        .trend-grid figure.chart { margin: .6rem 0; }
        .yoy ul { padding-left: 1.2em; }
        .contact { color: var(--muted); font-size: .9rem; }
        .notices { list-style: none; padding: 0; }
        .notices li { padding: .7rem 0; border-bottom: 1px solid #eee; }
        .notices .when { color: var(--muted); font-size: .9rem; margin-right: .6em; white-space: nowrap; }
        .notices .links { font-size: .9rem; }
        .empty { color: var(--muted); }
        .kind.withdrawn { background: var(--muted); }
        .withdrawn-banner { border: 2px solid var(--accent); border-radius: 4px; padding: .6rem .9rem; margin: 1rem 0; background: #fdf3f3; }
        .notices li.withdrawn > a { color: var(--muted); }
        .find { margin: 1.2rem 0; padding: .8rem; border: 1px solid #e0e0e0; border-radius: 4px; }
        .find[hidden] { display: none; }
        .find label { display: block; font-weight: 600; margin-bottom: .3rem; }
        .find input { font: inherit; padding: .3rem .5rem; width: calc(100% - 5.5rem); max-width: 24rem; border: 1px solid var(--line); border-radius: 3px; }
        .find button { font: inherit; padding: .3rem .9rem; margin-left: .3rem; border: 1px solid var(--link); background: var(--link); color: #fff; border-radius: 3px; }
        .find-status { color: var(--muted); }
        .find-results { padding-left: 1.2rem; margin: .3rem 0; }
        .find-results:empty { display: none; }
        @media (max-width: 480px) {
          body { font-size: 15px; }
          main { padding: .75rem; }
          h1 { font-size: 1.25rem; }
        }
        @media print {
          .site-header, .site-footer { display: none; }
          .table-wrap { overflow: visible; border: 0; }
        }
        """;
}
