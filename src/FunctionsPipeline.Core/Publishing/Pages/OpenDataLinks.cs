using System.Globalization;
using FunctionsPipeline.Core.Publishing.Site;

namespace FunctionsPipeline.Core.Publishing.Pages;

/// <summary>
/// The paragraph linking a report year's open data (CSV, JSON, schema), with its staleness: the year catalogue's index and
/// the 年度报告发布情况 page (both in <c>years/{year}/</c>) show it.
/// </summary>
internal static class OpenDataLinks
{
    public static string Render(int year) => string.Create(CultureInfo.InvariantCulture,
        $"<p class=\"open-data\">开放数据：<a href=\"{CatalogueParts.Href(DataLayout.Csv(year))}\">{year}年度报告数据（CSV）</a>、" +
        $"<a href=\"{CatalogueParts.Href(DataLayout.Json(year))}\">{year}年度报告数据（JSON）</a>、" +
        $"<a href=\"{CatalogueParts.Href(DataLayout.Schema)}\">字段说明</a>。" +
        $"每{OpenDataSchedule.RefreshMinutes}分钟汇总一次各机关现行版本（生成时间见 JSON 文件的 generatedAt），最新发布、更正或撤回的报告在下次汇总后反映。</p>\n");
}
