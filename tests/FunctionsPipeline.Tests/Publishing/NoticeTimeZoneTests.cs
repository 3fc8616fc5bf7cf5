using FunctionsPipeline.Core.Publishing;
using FunctionsPipeline.Core.Publishing.Pages;

namespace FunctionsPipeline.Tests.Publishing;

/// <summary>Tests that change the process's local time zone; they must not run beside others.</summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class LocalTimeZoneCollection
{
    public const string Name = "Local time zone";
}

[Collection(LocalTimeZoneCollection.Name)]
public sealed class NoticeTimeZoneTests
{
    [Theory]
    [InlineData("America/Los_Angeles")]
    [InlineData("UTC")]
    [InlineData("Pacific/Kiritimati")]
    public void The_notice_shows_China_Standard_Time_whatever_the_servers_zone(string serverZone)
    {
        var saved = Environment.GetEnvironmentVariable("TZ");
        try
        {
            Environment.SetEnvironmentVariable("TZ", serverZone);
            TimeZoneInfo.ClearCachedData();
            Assert.Equal(serverZone, TimeZoneInfo.Local.Id);

            var entry = Entry(publishedAt: PublishingTestKit.At);
            var html = NoticePage.Render(new NoticeContent(entry, TestReports.Create(), null, null));

            Assert.Contains("发布时间：<time datetime=\"2026-11-29T17:20:00+08:00\">2026年11月29日 17:20</time>", html);
        }
        finally
        {
            Environment.SetEnvironmentVariable("TZ", saved);
            TimeZoneInfo.ClearCachedData();
        }
    }

    internal static ManifestEntry Entry(DateTimeOffset publishedAt) => new(
        TestReports.SeedBody, 2024, 1, publishedAt, PublicationKind.Publish, "标题", "slug",
        "reports/x/2024/v1/report.pdf", "reports/x/2024/v1/report.html", "reports/x/2024/v1/notice.html",
        "reports/x/2024/v1/report.json", new string('0', 64), 1234, new string('1', 64));
}
