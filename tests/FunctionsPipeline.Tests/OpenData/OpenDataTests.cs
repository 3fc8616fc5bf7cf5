using System.Text.Json.Nodes;
using FunctionsPipeline.Core.Model;
using FunctionsPipeline.Core.Publishing;
using FunctionsPipeline.Core.Publishing.OpenData;
using FunctionsPipeline.Core.Publishing.Pages;
using FunctionsPipeline.Core.Publishing.Site;
using FunctionsPipeline.Core.Samples;
using FunctionsPipeline.Core.Workbook;
using FunctionsPipeline.Tests.Support;
using static FunctionsPipeline.Tests.Publishing.PublishingTestKit;

namespace FunctionsPipeline.Tests.OpenData;

/// <summary>
/// The open data (data/): each year's reports.csv and reports.json hold exactly what each current report.json holds,
/// follow corrections and withdrawals once the timer's round (or fp site rebuild) ran, and exist, empty, for a year
/// nobody published.
/// </summary>
[Collection(AzuriteCollection.Name)]
public sealed class OpenDataTests(AzuriteFixture fixture)
{
    private SitePublisher Site(string name, DateTimeOffset? at = null) => Publisher(fixture.BlobService, name, new FixedClock(at ?? At));

    [Fact]
    public void The_cells_are_every_figure_of_the_three_tables_once_with_its_labels_and_unit()
    {
        var figures = ReportFields.All.Where(f => f.Kind is FieldKind.Count or FieldKind.Money).Select(f => f.Id).ToList();
        Assert.Equal(figures, DataCells.All.Select(c => c.Code));
        Assert.Equal(10 + 25 * 7 + 15, DataCells.All.Count);
        Assert.All(DataCells.All, c => Assert.False(string.IsNullOrWhiteSpace(c.Table) || string.IsNullOrWhiteSpace(c.Row) || string.IsNullOrWhiteSpace(c.Column)));
        Assert.Equal("万元", Assert.Single(DataCells.All, c => c.Unit != "件").Unit);
        Assert.Equal(ReportFields.TableA(ReportFields.FeesItem, ReportFields.AmountColumn), DataCells.All.Single(c => c.Unit == "万元").Code);
        // No two cells share table, row and column: the labels tell them apart in the CSV.
        Assert.Equal(DataCells.All.Count, DataCells.All.Select(c => (c.Table, c.Row, c.Column)).Distinct().Count());
        var cell = DataCells.All.Single(c => c.Code == ReportFields.TableB(TableBRow.WithheldStateSecret, ApplicantColumn.Commercial));
        Assert.Equal((NationalFormat.Section3, "（三）不予公开1.属于国家秘密", "法人或其他组织/商业企业"), (cell.Table, cell.Row, cell.Column));
    }

    [Fact]
    public async Task The_years_files_hold_exactly_each_published_report_json()
    {
        var name = AzuriteFixture.UniqueName("odround");
        var site = Site(name);
        var seed = await site.PublishAsync(SampleReports.Seed);
        var county = await Site(name, At.AddHours(1)).PublishAsync(SampleReports.County);
        var container = site.Container;

        var round = await Site(name, At.AddHours(2)).RefreshOpenDataAsync();

        var year = Assert.Single(round.Years);
        Assert.True(year.Rebuilt);
        Assert.Equal(2, year.Reports);
        var json = await container.YearJsonAsync(2024);
        Assert.Equal(2024, (int)json["year"]!);
        Assert.Equal(ChinaTime(At.AddHours(2)), DateTimeOffset.Parse((string)json["generatedAt"]!, System.Globalization.CultureInfo.InvariantCulture));
        Assert.Contains("generatedAt", (string)json["note"]!, StringComparison.Ordinal);
        var entries = await container.EntriesAsync(2024);
        Assert.Equal(2, (int)json["count"]!);
        Assert.Equal(new[] { seed.Body, county.Body }.Order(StringComparer.Ordinal), entries.Select(e => e.Body).Order(StringComparer.Ordinal));
        foreach (var entry in entries)
        {
            // The report in reports.json serialises to the very bytes of the version's report.json.
            var stored = await container.BytesAsync(entry.Source);
            Assert.Equal(stored, ReportJson.Serialize(entry.Report));
            Assert.Equal(ReportJson.ContentHash(entry.Report), entry.ContentSha256);
            Assert.Equal(1, entry.Version);
        }

        var (bom, rows) = await container.CsvAsync(2024);
        Assert.True(bom, "reports.csv starts with a UTF-8 byte order mark (Excel, WPS)");
        Assert.Equal(DataCsv.Columns, rows[0]);
        Assert.Equal(1 + 2 * DataCells.All.Count, rows.Count);
        foreach (var published in entries)
        {
            var report = ReportJson.Deserialize(await container.BytesAsync(published.Source));
            var values = ReportFieldValues.From(report);
            var bodyRows = rows.Skip(1).Where(r => r[0] == report.Body).ToList();
            Assert.Equal(DataCells.All.Select(c => c.Code), bodyRows.Select(r => r[7]));
            foreach (var row in bodyRows)
            {
                var cell = DataCells.All.Single(c => c.Code == row[7]);
                Assert.Equal([report.Body, report.CreditCode ?? "", "2024", "1", cell.Table, cell.Row, cell.Column, cell.Code], row[..8]);
                Assert.Equal(Convert.ToDecimal(values[cell.Code], System.Globalization.CultureInfo.InvariantCulture),
                    decimal.Parse(row[8], System.Globalization.CultureInfo.InvariantCulture));
                Assert.Equal(cell.Unit, row[9]);
            }
        }
        Assert.Contains(rows, r => r[7] == ReportFields.TableA(ReportFields.FeesItem, ReportFields.AmountColumn) && r[0] == SampleReports.County.Body && r[8] == "0.0125" && r[9] == "万元");

        // Every cell code is in the schema with its label and section.
        var schema = JsonNode.Parse(await container.BytesAsync(DataLayout.Schema))!;
        var cells = schema["cells"]!.AsArray();
        Assert.Equal(DataCells.All.Select(c => (c.Code, c.Label, c.Table)), cells.Select(c => ((string)c!["code"]!, (string)c["label"]!, (string)c["table"]!)));
        var headers = (await container.GetBlobClient(DataLayout.Csv(2024)).GetPropertiesAsync()).Value;
        Assert.Equal(("text/csv; charset=utf-8", "no-cache"), (headers.ContentType, headers.CacheControl));
    }

    [Fact]
    public async Task A_correction_replaces_and_a_withdrawal_removes_the_rows_after_the_round_and_a_round_without_changes_writes_nothing()
    {
        var name = AzuriteFixture.UniqueName("odchange");
        var seed = await Site(name).PublishAsync(SampleReports.Seed);
        await Site(name, At.AddMinutes(1)).PublishAsync(SampleReports.County);
        var container = Site(name).Container;
        Assert.True(Assert.Single((await Site(name, At.AddMinutes(2)).RefreshOpenDataAsync()).Years).Rebuilt);

        var granted = ReportFields.TableB(TableBRow.Granted, ApplicantColumn.NaturalPerson);
        var table = SampleReports.Seed.Applications;
        var corrected = SampleReports.Seed with
        {
            Applications = TableB.Create((r, c) => (r, c) == (TableBRow.Granted, ApplicantColumn.NaturalPerson) ? table[r, c] + 1 : table[r, c]),
        };
        Assert.Equal(PublishOutcome.Corrected, (await Site(name, At.AddHours(1)).PublishAsync(corrected, "v2")).Outcome);
        var withdrawn = await Site(name, At.AddHours(2)).WithdrawAsync(new WithdrawalOrder(SampleReports.County.Body, 2024, "报告中个人信息未作脱敏处理", "办公室 张三"), "req-1", "w1.json");
        Assert.Equal(SiteWithdrawalOutcome.Withdrawn, withdrawn.Outcome);

        // The bodies' own files follow at once; the year's files wait for the round (their stated staleness).
        Assert.False((await container.GetBlobClient(DataLayout.Body(2024, SiteSlug.ForBody(SampleReports.County.Body))).ExistsAsync()).Value);
        Assert.Equal(2, (await container.EntriesAsync(2024)).Count);

        var round = Assert.Single((await Site(name, At.AddHours(3)).RefreshOpenDataAsync()).Years);
        Assert.True(round.Rebuilt);
        var entry = Assert.Single(await container.EntriesAsync(2024));
        Assert.Equal((seed.Body, 2), (entry.Body, entry.Version));
        Assert.Equal(corrected, entry.Report);
        var (_, rows) = await container.CsvAsync(2024);
        Assert.Equal(1 + DataCells.All.Count, rows.Count);
        Assert.DoesNotContain(rows, r => r[0] == SampleReports.County.Body);
        var row = rows.Single(r => r[7] == granted);
        Assert.Equal(("2", (table[TableBRow.Granted, ApplicantColumn.NaturalPerson] + 1).ToString(System.Globalization.CultureInfo.InvariantCulture)), (row[3], row[8]));

        // Nothing changed since: the next round lists and compares, and writes nothing.
        var before = (await container.GetBlobClient(DataLayout.Csv(2024)).GetPropertiesAsync()).Value.ETag;
        Assert.False(Assert.Single((await Site(name, At.AddHours(4)).RefreshOpenDataAsync()).Years).Rebuilt);
        Assert.Equal(before, (await container.GetBlobClient(DataLayout.Csv(2024)).GetPropertiesAsync()).Value.ETag);
    }

    [Fact]
    public async Task A_year_nobody_published_has_a_header_only_csv_and_an_empty_list_with_its_metadata()
    {
        var name = AzuriteFixture.UniqueName("odempty");
        var site = Site(name);
        await site.PrepareAsync();
        await site.PublishStatusPageAsync(new PublicationStatusModel(2030, new DateOnly(2031, 1, 5),
            [new PublicationStatusRow("某某县统计局", "政府部门", new DateOnly(2031, 1, 31), null, 0)]));

        var (bom, rows) = await site.Container.CsvAsync(2030);
        Assert.True(bom);
        Assert.Equal([DataCsv.Columns.ToArray()], rows);
        var json = await site.Container.YearJsonAsync(2030);
        Assert.Equal((2030, 0, 0), ((int)json["year"]!, json["reports"]!.AsArray().Count, (int)json["count"]!));
        Assert.NotNull(json["generatedAt"]);
        Assert.NotNull(json["note"]);

        // The timer's round keeps the year (its folder has the files) and writes the same, still empty.
        var round = Assert.Single((await Site(name, At.AddHours(1)).RefreshOpenDataAsync()).Years);
        Assert.Equal((2030, 0), (round.Year, round.Reports));
        Assert.Equal([DataCsv.Columns.ToArray()], (await site.Container.CsvAsync(2030)).Rows);
    }

    [Fact]
    public async Task Fp_site_rebuild_restores_the_bodies_files_from_the_manifests_and_rebuilds_every_year()
    {
        var name = AzuriteFixture.UniqueName("odrebuild");
        await Site(name).PublishAsync(SampleReports.Seed);
        await Site(name, At.AddMinutes(1)).PublishAsync(SampleReports.County);
        await Site(name, At.AddMinutes(2)).WithdrawAsync(new WithdrawalOrder(SampleReports.County.Body, 2024, "报告中个人信息未作脱敏处理", null), "req-1", "w1.json");
        var container = Site(name).Container;
        // Lost: every data file but one stale body file of the withdrawn publication, put back by hand.
        var stale = DataLayout.Body(2024, SiteSlug.ForBody(SampleReports.County.Body));
        await foreach (var blob in container.GetBlobsAsync(Azure.Storage.Blobs.Models.BlobTraits.None, Azure.Storage.Blobs.Models.BlobStates.None, DataLayout.Folder + "/", default)) await container.DeleteBlobAsync(blob.Name);
        await container.GetBlobClient(stale).UploadAsync(BinaryData.FromString("{}"));

        var result = await Site(name, At.AddHours(1)).RebuildAsync();

        Assert.Equal(1, Assert.Single(result.OpenData!.Years).Reports);
        Assert.False((await container.GetBlobClient(stale).ExistsAsync()).Value);
        Assert.True((await container.GetBlobClient(DataLayout.Body(2024, SiteSlug.ForBody(SampleReports.Seed.Body))).ExistsAsync()).Value);
        Assert.Equal(SampleReports.Seed, Assert.Single(await container.EntriesAsync(2024)).Report);
        Assert.True((await container.GetBlobClient(DataLayout.Schema).ExistsAsync()).Value);
    }

    private static DateTimeOffset ChinaTime(DateTimeOffset at) => Core.Common.ChinaTime.ToChina(at);
}
