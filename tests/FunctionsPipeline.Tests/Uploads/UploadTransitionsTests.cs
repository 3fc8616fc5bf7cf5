namespace FunctionsPipeline.Tests.Uploads;

/// <summary>The explicit list of an upload version's transitions, checked without storage or host.</summary>
public sealed class UploadTransitionsTests
{
    private const string ETag = "\"0x8DC1\"";

    private static UploadStatus Recorded(UploadOutcome outcome, string? eTag = ETag) => new() { Upload = "a.xlsx", Outcome = outcome, Message = "", ETag = eTag };

    [Fact]
    public void A_received_version_may_end_in_exactly_the_six_outcomes_and_only_review_moves_on_from_awaiting_approval()
    {
        Assert.Equal(
            ["rejected", "published", "unchanged", "failed", "awaiting-approval", "superseded"],
            UploadTransitions.All.Where(t => t.From == UploadTransitions.Received).Select(t => UploadTransitions.Name(t.To)));
        Assert.Equal(
            [("awaiting-approval", "published"), ("awaiting-approval", "superseded"), ("awaiting-approval", "rejected"), ("awaiting-approval", "unchanged")],
            UploadTransitions.All.Where(t => t.From != UploadTransitions.Received).Select(t => (t.From, UploadTransitions.Name(t.To))));
    }

    [Theory]
    [InlineData(UploadOutcome.Published)]
    [InlineData(UploadOutcome.Unchanged)]
    [InlineData(UploadOutcome.Rejected)]
    public void A_final_outcome_of_the_same_version_allows_nothing_more(UploadOutcome outcome)
    {
        var recorded = Recorded(outcome);

        Assert.True(UploadTransitions.IsFinal(recorded, ETag));
        Assert.Equal(UploadTransitions.Name(outcome), UploadTransitions.StateOf(recorded, ETag));
        Assert.All(Enum.GetValues<UploadOutcome>(), next => Assert.False(UploadTransitions.Allows(recorded, ETag, next)));
    }

    [Fact]
    public void A_failed_version_is_received_again()
    {
        var recorded = Recorded(UploadOutcome.Failed);

        Assert.False(UploadTransitions.IsFinal(recorded, ETag));
        Assert.Equal(UploadTransitions.Received, UploadTransitions.StateOf(recorded, ETag));
        Assert.True(UploadTransitions.Allows(recorded, ETag, UploadOutcome.Published));
    }

    [Fact]
    public void Another_version_or_bytes_without_a_version_start_received()
    {
        var recorded = Recorded(UploadOutcome.Published);

        Assert.False(UploadTransitions.IsFinal(recorded, "\"0x8DC2\""));
        Assert.False(UploadTransitions.IsFinal(recorded, eTag: null));
        Assert.False(UploadTransitions.IsFinal(null, ETag));
        Assert.True(UploadTransitions.Allows(null, ETag, UploadOutcome.Rejected));
    }

    [Fact]
    public void A_version_awaiting_approval_is_not_previewed_again_and_only_a_decision_moves_it()
    {
        var recorded = Recorded(UploadOutcome.AwaitingApproval);

        Assert.True(UploadTransitions.IsFinal(recorded, ETag));
        Assert.Equal("awaiting-approval", UploadTransitions.StateOf(recorded, ETag));
        Assert.True(UploadTransitions.Allows(recorded, ETag, UploadOutcome.Published));
        Assert.True(UploadTransitions.Allows(recorded, ETag, UploadOutcome.Rejected));
        Assert.False(UploadTransitions.Allows(recorded, ETag, UploadOutcome.Failed));
        Assert.Contains("\"outcome\": \"awaiting-approval\"", recorded.ToJson(), StringComparison.Ordinal);
        Assert.Equal(UploadOutcome.AwaitingApproval, UploadStatus.FromJson(recorded.ToJson()).Outcome);
    }
}
