using FunctionsPipeline.Core.Approvals;
using FunctionsPipeline.Core.Model;
using FunctionsPipeline.Core.Registry;
using FunctionsPipeline.Core.Review;
using FunctionsPipeline.Core.Samples;
using FunctionsPipeline.Tests.Review;
using FunctionsPipeline.Tests.Support;
using FunctionsPipeline.Tests.Workbook;
using Microsoft.Extensions.DependencyInjection;

namespace FunctionsPipeline.Tests.Registry;

/// <summary>Separation of duties from the register: a body's 填报人 may not decide on its report; its 审核人 may.</summary>
[Collection(AzuriteCollection.Name)]
public sealed class RegisteredClerksTests(AzuriteFixture fixture)
{
    private const string Upload = "county-office/2024年报.xlsx";

    private static ReviewerIdentity SignedIn(string upn) => new(upn, Guid.NewGuid().ToString(), upn, true, ReviewerIdentity.EntraSource);

    [Fact]
    public async Task The_registered_clerk_of_a_body_may_not_approve_its_report_and_its_reviewer_may()
    {
        await using var review = await ReviewKit.CreateAsync(fixture.ConnectionString);
        Assert.True((await review.Kit.Services.GetRequiredService<RegisterStore>().LoadAsync(RegisterFile.Sample().ToXlsx(), "名单.xlsx")).IsValid);
        Assert.Equal(UploadOutcome.AwaitingApproval, (await review.Kit.DropAndProcessAsync(Upload, WorkbookFactory.From(SampleReports.County).ToBytes())).Outcome);
        var version = (await review.PreviewAsync(Upload)).Version;

        var own = await review.Approvals.DecideInConsoleAsync(Upload, Approval.Approved, null, version, SignedIn("CLERK@yunling.gov.cn"), CancellationToken.None);

        Assert.Equal(ReviewCodes.SelfApproval, own.Code);
        Assert.Empty((await review.Kit.Publisher.GetManifestAsync()).Publications);

        var reviewed = await review.Approvals.DecideInConsoleAsync(Upload, Approval.Approved, null, version, SignedIn("reviewer@yunling.gov.cn"), CancellationToken.None);

        Assert.Equal(ApprovalOutcome.Published, reviewed.Outcome);
    }
}
