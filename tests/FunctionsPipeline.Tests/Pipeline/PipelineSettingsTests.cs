using System.Text.Json;
using FunctionsPipeline.Core.Model;
using FunctionsPipeline.Core.Pipeline;
using FunctionsPipeline.Core.Rendering.Pdf;
using FunctionsPipeline.Core.Samples;
using FunctionsPipeline.Core.Validation;
using FunctionsPipeline.Core.Workbook;
using FunctionsPipeline.Tests.Publishing;
using FunctionsPipeline.Tests.Support;
using FunctionsPipeline.Tests.Workbook;
using Microsoft.Extensions.DependencyInjection;
using FunctionsPipeline.Core.Requests;
using FunctionsPipeline.Core.Hosting;

namespace FunctionsPipeline.Tests.Pipeline;

/// <summary>Every configuration section docs/configuration.md documents takes effect through <c>AddPipeline</c>: one test per section.</summary>
[Collection(AzuriteCollection.Name)]
public sealed class PipelineSettingsTests(AzuriteFixture fixture)
{
    private static byte[] Seed() => WorkbookFactory.From(SampleReports.Seed).ToBytes();

    [Fact]
    public async Task Workbook_MaxFileBytes_limits_what_the_reader_accepts()
    {
        await using var kit = PipelineTestKit.Create(fixture.ConnectionString, new Dictionary<string, string?> { ["Workbook:MaxFileBytes"] = "2048" });

        var status = await kit.DropAndProcessAsync("seed.xlsx", Seed());

        Assert.Equal(UploadOutcome.Rejected, status.Outcome);
        Assert.Contains(FileProblemCodes.TooLarge, await kit.Results.TextAsync(ResultNames.FindingsJson("seed.xlsx")), StringComparison.Ordinal);
        Assert.Equal(2048, kit.Services.GetRequiredService<ReportPipeline>().Limits.MaxFileBytes);
    }

    [Theory]
    [InlineData("01-31", true)]
    [InlineData("03-31", false)]
    public async Task Validation_DeadlineMonthDay_decides_what_is_late(string deadline, bool late)
    {
        var clock = new FixedClock(new DateTimeOffset(2025, 2, 15, 2, 0, 0, TimeSpan.Zero));
        await using var kit = PipelineTestKit.Create(fixture.ConnectionString, new Dictionary<string, string?> { ["Validation:DeadlineMonthDay"] = deadline },
            services => services.AddSingleton<TimeProvider>(clock));

        var status = await kit.DropAndProcessAsync("seed.xlsx", Seed());

        Assert.Equal(UploadOutcome.Published, status.Outcome);
        Assert.Equal(late, status.Message.Contains("条提示", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Pipeline_and_Publishing_containers_are_the_configured_ones()
    {
        await using var kit = PipelineTestKit.Create(fixture.ConnectionString);

        var status = await kit.DropAndProcessAsync("seed.xlsx", Seed());

        Assert.StartsWith("uploads-", kit.Options.UploadsContainer, StringComparison.Ordinal);
        Assert.Equal("published", JsonDocument.Parse(await kit.Results.TextAsync(ResultNames.Status("seed.xlsx"))).RootElement.GetProperty("outcome").GetString());
        Assert.StartsWith("web-", kit.Web.Name, StringComparison.Ordinal);
        Assert.Contains(status.Links, l => l.Kind == "pdf" && l.Url.Contains($"/{kit.Web.Name}/", StringComparison.Ordinal));
        Assert.NotEmpty(await kit.SiteSnapshotAsync());
    }

    [Fact]
    public async Task Pipeline_AllowedExtensions_refuses_other_types()
    {
        await using var kit = PipelineTestKit.Create(fixture.ConnectionString, new Dictionary<string, string?> { ["Pipeline:AllowedExtensions"] = ".xls" });

        var status = await kit.DropAndProcessAsync("seed.xlsx", Seed());

        Assert.Equal(UploadOutcome.Rejected, status.Outcome);
        Assert.Contains(PipelineCodes.TypeNotAllowed, await kit.Results.TextAsync(ResultNames.FindingsJson("seed.xlsx")), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Fonts_FontFolder_is_where_the_renderer_looks()
    {
        var missing = Path.Combine(Path.GetTempPath(), $"fp-no-fonts-{Guid.NewGuid():N}");
        await using var kit = PipelineTestKit.Create(fixture.ConnectionString, new Dictionary<string, string?> { ["Fonts:FontFolder"] = missing });

        var status = await kit.DropAndProcessAsync("seed.xlsx", Seed());

        // A broken deployment: failed with an incident id, nothing public.
        Assert.Equal(UploadOutcome.Failed, status.Outcome);
        Assert.Contains("错误编号", status.Message, StringComparison.Ordinal);
        Assert.Empty(await kit.SiteSnapshotAsync());
    }

    [Fact]
    public async Task AddPipeline_composes_each_stages_own_registration_once()
    {
        await using var kit = PipelineTestKit.Create(fixture.ConnectionString);

        Assert.Same(kit.Services.GetRequiredService<PdfRenderer>(), kit.Services.GetRequiredService<PdfRenderer>());
        Assert.Equal(WorkbookLimits.Default, kit.Services.GetRequiredService<Microsoft.Extensions.Options.IOptions<WorkbookLimits>>().Value);
        Assert.Same(kit.Pipeline, kit.Services.GetRequiredService<IUploadProcessor>());
        // Registered once each: a second AddSingleton would resolve as two services here.
        Assert.Single(kit.Services.GetServices<ValidationContextFactory>());
        Assert.Single(kit.Services.GetServices<PdfRenderer>());
        Assert.Single(kit.Services.GetServices<IUploadProcessor>());
    }
}
