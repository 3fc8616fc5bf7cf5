using System.Text.Json;
using FunctionsPipeline.Core.Model;
using FunctionsPipeline.Core.Registry;
using FunctionsPipeline.Core.Requests;
using FunctionsPipeline.Core.Samples;
using FunctionsPipeline.Core.Uploads;
using FunctionsPipeline.Tests.Pipeline;
using FunctionsPipeline.Tests.Publishing;
using FunctionsPipeline.Tests.Support;
using FunctionsPipeline.Tests.Workbook;
using Microsoft.Extensions.DependencyInjection;

namespace FunctionsPipeline.Tests.Registry;

/// <summary>
/// With a register loaded, an upload lies in its body's folder and its workbook names that body; otherwise it is rejected
/// through the upload's own path (status record, findings at the cell, site untouched, upload kept).
/// </summary>
[Collection(AzuriteCollection.Name)]
public sealed class RegisteredUploadTests(AzuriteFixture fixture)
{
    private static readonly AnnualReport County = SampleReports.County;

    private static async Task<PipelineTestKit> KitWithRegisterAsync(string connectionString)
    {
        var kit = PipelineTestKit.Create(connectionString);
        var check = await kit.Services.GetRequiredService<RegisterStore>().LoadAsync(RegisterFile.Sample().ToXlsx(), "名单.xlsx");
        Assert.True(check.IsValid);
        return kit;
    }

    private static async Task<JsonElement> OnlyErrorAsync(PipelineTestKit kit, string upload)
    {
        var findings = JsonDocument.Parse(await kit.Results.TextAsync(ResultNames.FindingsJson(upload))).RootElement;
        return Assert.Single(findings.GetProperty("errors").EnumerateArray().ToList());
    }

    [Fact]
    public async Task A_bodys_workbook_in_its_own_folder_is_published()
    {
        await using var kit = await KitWithRegisterAsync(fixture.ConnectionString);

        var status = await kit.DropAndProcessAsync("county-office/2024年报.xlsx", WorkbookFactory.From(County).ToBytes());

        Assert.Equal(UploadOutcome.Published, status.Outcome);
        Assert.Equal(County.Body, status.Body);
    }

    [Fact]
    public async Task An_upload_outside_any_folder_is_rejected_with_a_code_and_kept()
    {
        await using var kit = await KitWithRegisterAsync(fixture.ConnectionString);

        var status = await kit.DropAndProcessAsync("2024年报.xlsx", WorkbookFactory.From(County).ToBytes());

        Assert.Equal(UploadOutcome.Rejected, status.Outcome);
        Assert.Equal(RegistryCodes.UploadOutsideFolder, (await OnlyErrorAsync(kit, "2024年报.xlsx")).GetProperty("code").GetString());
        Assert.Contains("上传目录", status.Message, StringComparison.Ordinal);
        Assert.True(await kit.Uploads.GetBlobClient("2024年报.xlsx").ExistsAsync());
        Assert.Empty(await kit.SiteSnapshotAsync());
    }

    [Fact]
    public async Task An_upload_in_a_folder_of_no_registered_body_is_rejected()
    {
        await using var kit = await KitWithRegisterAsync(fixture.ConnectionString);

        var status = await kit.DropAndProcessAsync("finance/2024年报.xlsx", WorkbookFactory.From(County).ToBytes());

        Assert.Equal(UploadOutcome.Rejected, status.Outcome);
        Assert.Equal(RegistryCodes.UploadFolderUnknown, (await OnlyErrorAsync(kit, "finance/2024年报.xlsx")).GetProperty("code").GetString());
        Assert.Empty(await kit.SiteSnapshotAsync());
    }

    [Fact]
    public async Task Another_registered_bodys_workbook_is_a_folder_mismatch_naming_the_folders_body_at_the_name_cell()
    {
        await using var kit = await KitWithRegisterAsync(fixture.ConnectionString);

        var status = await kit.DropAndProcessAsync("qingshan-town/2024年报.xlsx", WorkbookFactory.From(County).ToBytes());

        Assert.Equal(UploadOutcome.Rejected, status.Outcome);
        var error = await OnlyErrorAsync(kit, "qingshan-town/2024年报.xlsx");
        Assert.Equal(RegistryCodes.BodyFolderMismatch, error.GetProperty("code").GetString());
        var nameCell = WorkbookFactory.LocationOf(ReportFields.Body);
        Assert.Equal((nameCell.Sheet, nameCell.Address), (error.GetProperty("sheet").GetString(), error.GetProperty("cell").GetString()));
        var message = error.GetProperty("message").GetString()!;
        Assert.Contains("云岭县青山镇人民政府", message, StringComparison.Ordinal);   // the folder's body
        Assert.Contains("county-office", message, StringComparison.Ordinal);        // where the workbook's body uploads
        Assert.Empty(await kit.SiteSnapshotAsync());
    }

    [Fact]
    public async Task A_body_in_no_row_is_not_in_the_registry()
    {
        await using var kit = await KitWithRegisterAsync(fixture.ConnectionString);
        var stranger = County with { Body = "云岭县文化和旅游局", CreditCode = RegisterFile.Code("11539999MB1234577") };

        var status = await kit.DropAndProcessAsync("county-office/2024年报.xlsx", WorkbookFactory.From(stranger).ToBytes());

        Assert.Equal(UploadOutcome.Rejected, status.Outcome);
        var error = await OnlyErrorAsync(kit, "county-office/2024年报.xlsx");
        Assert.Equal(RegistryCodes.BodyNotInRegistry, error.GetProperty("code").GetString());
        Assert.Equal(WorkbookFactory.LocationOf(ReportFields.Body).Address, error.GetProperty("cell").GetString());
        Assert.Contains("云岭县人民政府办公室", error.GetProperty("message").GetString()!, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_right_name_with_another_credit_code_is_a_mismatch_at_the_code_cell()
    {
        await using var kit = await KitWithRegisterAsync(fixture.ConnectionString);
        var report = County with { CreditCode = RegisterFile.Code("11539999MB1234577") };

        var status = await kit.DropAndProcessAsync("county-office/2024年报.xlsx", WorkbookFactory.From(report).ToBytes());

        Assert.Equal(UploadOutcome.Rejected, status.Outcome);
        var error = await OnlyErrorAsync(kit, "county-office/2024年报.xlsx");
        Assert.Equal(RegistryCodes.BodyFolderMismatch, error.GetProperty("code").GetString());
        Assert.Equal(WorkbookFactory.LocationOf(ReportFields.CreditCode).Address, error.GetProperty("cell").GetString());
    }

    [Fact]
    public async Task A_workbook_without_the_optional_credit_code_is_matched_by_its_name()
    {
        await using var kit = await KitWithRegisterAsync(fixture.ConnectionString);

        var status = await kit.DropAndProcessAsync("county-office/2024年报.xlsx", WorkbookFactory.From(County with { CreditCode = null }).ToBytes());

        Assert.Equal(UploadOutcome.Published, status.Outcome);
        // Its name is the only identity it has: in another body's folder it is still refused.
        Assert.Equal(UploadOutcome.Rejected,
            (await kit.DropAndProcessAsync("qingshan-town/2024年报.xlsx", WorkbookFactory.From(County with { CreditCode = null }).ToBytes())).Outcome);
    }

    [Fact]
    public async Task Without_a_register_an_upload_in_a_folder_or_not_is_published_as_before()
    {
        await using var kit = PipelineTestKit.Create(fixture.ConnectionString);

        Assert.Equal(UploadOutcome.Published, (await kit.DropAndProcessAsync("some-folder/2024年报.xlsx", WorkbookFactory.From(County).ToBytes())).Outcome);
        Assert.Equal(UploadOutcome.Unchanged, (await kit.DropAndProcessAsync("2024年报.xlsx", WorkbookFactory.From(County).ToBytes())).Outcome);
    }
}
