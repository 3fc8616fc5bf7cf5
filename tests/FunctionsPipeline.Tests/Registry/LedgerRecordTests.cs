using FunctionsPipeline.Core.Ledger;

namespace FunctionsPipeline.Tests.Registry;

/// <summary>The record's transitions, event by event.</summary>
public sealed class LedgerRecordTests
{
    private static readonly DateTimeOffset T = new(2025, 1, 20, 2, 0, 0, TimeSpan.Zero);
    private const string Body = "云岭县人民政府办公室";

    private static LedgerEvent E(LedgerEventKind kind, int minutes, int? version = null) =>
        new(Body, 2024, kind, T.AddMinutes(minutes), "u.xlsx", version, version is null ? null : $"https://site/v{version}.html");

    [Fact]
    public void A_correction_keeps_the_first_publication_date_and_a_preview_over_a_live_version_keeps_it_live()
    {
        var r = LedgerRecord.Apply(null, E(LedgerEventKind.Published, 0, 1));
        r = LedgerRecord.Apply(r, E(LedgerEventKind.Previewed, 10));
        Assert.Equal((LedgerState.Published, true), (r.State, r.CorrectionAwaitingReview));
        r = LedgerRecord.Apply(r, E(LedgerEventKind.Published, 20, 2));
        Assert.Equal((LedgerState.Published, 2, T, T.AddMinutes(20), false), (r.State, r.Version, r.FirstPublishedAt, r.PublishedAt, r.CorrectionAwaitingReview));
        Assert.Equal("https://site/v2.html", r.Url);
    }

    [Fact]
    public void The_same_version_again_changes_nothing_and_an_older_event_is_ignored()
    {
        var r = LedgerRecord.Apply(null, E(LedgerEventKind.Published, 10, 1));
        Assert.Same(r, LedgerRecord.Apply(r, E(LedgerEventKind.Published, 20, 1)));
        Assert.Same(r, LedgerRecord.Apply(r, E(LedgerEventKind.Withdrawn, 5)));
    }

    [Fact]
    public void A_publication_after_a_withdrawal_is_judged_by_its_own_date()
    {
        var r = LedgerRecord.Apply(null, E(LedgerEventKind.Published, 0, 1));
        r = LedgerRecord.Apply(r, E(LedgerEventKind.Withdrawn, 10));
        Assert.Equal((LedgerState.Withdrawn, (string?)null), (r.State, r.Url));
        r = LedgerRecord.Apply(r, E(LedgerEventKind.Published, 20, 2));
        Assert.Equal((LedgerState.Published, T.AddMinutes(20)), (r.State, r.FirstPublishedAt));
    }
}
