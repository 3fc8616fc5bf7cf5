using FunctionsPipeline.Core.Model;
using FunctionsPipeline.Core.Validation;
using FunctionsPipeline.Core.Withdrawals;

namespace FunctionsPipeline.Tests.Validation;

/// <summary>机关名称 is capped: a published body can always be withdrawn, and its name stays a name.</summary>
public sealed class BodyNameLengthTests
{
    [Fact]
    public void A_name_over_the_cap_is_an_error_at_its_cell_and_one_at_the_cap_passes()
    {
        var at = TestWorkbooks.At(ReportFields.Body);
        var over = TestWorkbooks.County().With(ReportFields.Body, new string('局', ReportValidator.MaxBodyLength + 1)).Validate();
        var atCap = TestWorkbooks.County().With(ReportFields.Body, new string('局', ReportValidator.MaxBodyLength)).Validate();

        var error = Assert.Single(over.Errors);
        Assert.Equal((FindingCodes.TextTooLong, at), (error.Code, error.Location));
        Assert.Contains("最多 100 个字", error.Message, StringComparison.Ordinal);
        Assert.Equal("101 个字", error.Actual);
        Assert.Null(over.Report);
        Assert.True(atCap.IsValid, string.Join("; ", atCap.Errors.Select(e => e.Text)));
    }

    [Fact]
    public void Every_name_validation_lets_through_can_be_withdrawn() =>
        Assert.True(ReportValidator.MaxBodyLength <= WithdrawalRequest.MaxBodyLength);
}
