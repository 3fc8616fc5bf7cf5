using System.Text.RegularExpressions;
using FunctionsPipeline.Core.Publishing;
using FunctionsPipeline.Core.Registry;
using FunctionsPipeline.Core.Samples;
using FunctionsPipeline.Tests.Publishing;
using FunctionsPipeline.Tests.Support;
using Microsoft.Extensions.Options;

namespace FunctionsPipeline.Tests.Registry;

/// <summary>
/// 索引号 = issuer code / year of publication - serial (5 digits, per issuer and year of publication): a report published in the
/// year after its report year, a correction's own number, stable through a rebuild, and the register's serial base.
/// </summary>
[Collection(AzuriteCollection.Name)]
public sealed partial class IndexNumberTests(AzuriteFixture fixture)
{
    private const string Code = "11539999MB12345672"; // the county sample's
    // 20 January 2025 in Beijing: the 2024 report, published in 2025.
    private static readonly DateTimeOffset January2025 = new(2025, 1, 20, 2, 0, 0, TimeSpan.Zero);

    private SitePublisher Site(string container, DateTimeOffset at, IRegisterSource? register = null) =>
        new(fixture.BlobService, Options.Create(new PublishingOptions { ContainerName = container, ArchiveContainer = PublishingTestKit.ArchiveOf(container) }),
            new FixedClock(at), logger: null, register: register);

    private async Task<string> IndexNumberAsync(string container, PublishResult published) =>
        IndexNumber().Match(await fixture.BlobService.GetBlobContainerClient(container).TextAsync(published.Paths.Notice)).Groups[1].Value;

    [Fact]
    public async Task Serials_count_per_year_of_publication_and_a_correction_takes_the_next()
    {
        var name = AzuriteFixture.UniqueName("index");
        var first = await Site(name, January2025).PublishAsync(SampleReports.County);
        var corrected = SampleReports.County with { Contact = SampleReports.County.Contact with { Phone = "0123-7654321" } };
        var correction = await Site(name, January2025.AddDays(3)).PublishAsync(corrected, "v2");
        var late2023 = await Site(name, January2025.AddDays(5)).PublishAsync(SampleReports.County with { Year = 2023 }, "v3");
        var next2025 = await Site(name, January2025.AddYears(1)).PublishAsync(SampleReports.County with { Year = 2025 }, "v4");

        // The 2024 report published in 2025 is numbered in 2025, not 2024.
        Assert.Equal($"{Code}/2025-00001", await IndexNumberAsync(name, first));
        Assert.Equal($"{Code}/2025-00002", await IndexNumberAsync(name, correction));
        Assert.Equal($"{Code}/2025-00003", await IndexNumberAsync(name, late2023));
        Assert.Equal($"{Code}/2026-00001", await IndexNumberAsync(name, next2025));
        // The report page says the same as its notice.
        Assert.Contains($"{Code}/2025-00002", await fixture.BlobService.GetBlobContainerClient(name).TextAsync(correction.Paths.Html), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_rebuild_keeps_every_serial_and_the_next_publication_continues_after_them()
    {
        var name = AzuriteFixture.UniqueName("index");
        await Site(name, January2025).PublishAsync(SampleReports.County);
        await Site(name, January2025.AddDays(1)).PublishAsync(SampleReports.County with { Year = 2023 }, "v2");
        var before = (await Site(name, January2025).GetBodyManifestAsync(SampleReports.County.Body)).Publications.Select(p => (p.Year, p.IndexSerial)).Order().ToList();

        await Site(name, January2025.AddDays(2)).RebuildAsync();

        Assert.Equal([(2023, 2), (2024, 1)], before.Select(p => (p.Year, p.IndexSerial ?? 0)));
        Assert.Equal(before, (await Site(name, January2025).GetBodyManifestAsync(SampleReports.County.Body)).Publications.Select(p => (p.Year, p.IndexSerial)).Order());
        var third = await Site(name, January2025.AddDays(3)).PublishAsync(SampleReports.County with { Year = 2022 }, "v3");
        Assert.Equal($"{Code}/2025-00003", await IndexNumberAsync(name, third));
    }

    [Fact]
    public async Task The_registers_serial_base_puts_the_first_serial_above_it()
    {
        var name = AzuriteFixture.UniqueName("index");
        var store = new RegisterStore(fixture.BlobService, Options.Create(new RegistryOptions { Container = AzuriteFixture.UniqueName("registry") }), new FixedClock(January2025));
        var file = new RegisterFile().Add("云岭县人民政府办公室", Code, "政府部门", "county-office");
        var withBase = Workbook.PastedLayout.FromCells(
            ("A1", "机关名称"), ("B1", "统一社会信用代码"), ("C1", "机关类型"), ("D1", "上传目录"), ("E1", "索引号起始序号"),
            ("A2", file.Rows[0][0]), ("B2", Code), ("C2", "政府部门"), ("D2", "county-office"), ("E2", "120")).ToXlsx();
        Assert.True((await store.LoadAsync(withBase, "名单.xlsx")).IsValid);

        var first = await Site(name, January2025, store).PublishAsync(SampleReports.County);

        Assert.Equal($"{Code}/2025-00121", await IndexNumberAsync(name, first));
    }

    [GeneratedRegex("<dt>索引号</dt><dd class=\"code\">([^<]+)</dd>")]
    private static partial Regex IndexNumber();
}
