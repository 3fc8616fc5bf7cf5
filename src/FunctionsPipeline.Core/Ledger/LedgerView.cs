using FunctionsPipeline.Core.Common;
using FunctionsPipeline.Core.Registry;

namespace FunctionsPipeline.Core.Ledger;

/// <summary>
/// One body's line in the year's ledger: its register row (null when it has left the register), its deadline, its state,
/// how late (a publication after the deadline, or no publication with the deadline past), the current version and its
/// page, and when it was first published.
/// </summary>
public sealed record LedgerRow(string Body, RegisteredBody? Registered, DateOnly? Deadline, LedgerState State, int DaysLate, LedgerRecord? Record)
{
    public bool LeftRegister => Registered is null;

    public DateOnly? PublishedOn => Record?.FirstPublishedAt is { } at ? DateOnly.FromDateTime(ChinaTime.ToChina(at).DateTime) : null;

    /// <summary>The state as the office reads it: 已发布（按时）, 已发布（逾期 3 天）, 未提交（已逾期 5 天）, … (已移出名单) when it left the register.</summary>
    public string Label
    {
        get
        {
            var label = State switch
            {
                LedgerState.Published => DaysLate > 0 ? $"已发布（逾期 {DaysLate} 天）" : "已发布（按时）",
                LedgerState.AwaitingReview => "待审核",
                LedgerState.Returned => "已退回",
                LedgerState.Withdrawn => "已撤回",
                _ => "未提交",
            };
            if (State != LedgerState.Published && DaysLate > 0) label += $"（已逾期 {DaysLate} 天）";
            if (Record?.CorrectionAwaitingReview == true) label += "，更正待审核";
            return LeftRegister ? label + "（已移出名单）" : label;
        }
    }

    /// <summary>Smaller is more urgent: overdue and unpublished first, then unpublished by nearest deadline, then published late, on time; left the register last.</summary>
    internal (int, int, int, string) Urgency =>
        (LeftRegister ? 1 : 0,
         State == LedgerState.Published ? (DaysLate > 0 ? 2 : 3) : DaysLate > 0 ? 0 : 1,
         State == LedgerState.Published ? -DaysLate : DaysLate > 0 ? -DaysLate : Deadline?.DayNumber ?? int.MaxValue,
         Body);
}

/// <summary>The ledger of one report year: every row, most urgent first, and the counts.</summary>
public sealed record LedgerView(int Year, DateOnly Today, IReadOnlyList<LedgerRow> Rows)
{
    public int Registered => Rows.Count(r => !r.LeftRegister);
    public int PublishedOnTime => Rows.Count(r => !r.LeftRegister && r.State == LedgerState.Published && r.DaysLate == 0);
    public int PublishedLate => Rows.Count(r => !r.LeftRegister && r.State == LedgerState.Published && r.DaysLate > 0);
    public int NotPublished => Rows.Count(r => !r.LeftRegister && r.State != LedgerState.Published);

    public static LedgerView Of(BodyRegister register, Deadlines deadlines, int year, IEnumerable<LedgerRecord> records, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(register);
        ArgumentNullException.ThrowIfNull(deadlines);
        var today = DateOnly.FromDateTime(ChinaTime.ToChina(now).DateTime);
        var byBody = records.Where(r => r.Year == year).GroupBy(r => r.Body, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.First(), StringComparer.Ordinal);
        var rows = new List<LedgerRow>();
        foreach (var body in register.Bodies)
        {
            byBody.Remove(body.Name, out var record);
            var deadline = deadlines.For(body, year);
            var state = record?.State ?? LedgerState.NotSubmitted;
            var late = state == LedgerState.Published && record!.FirstPublishedAt is { } first
                ? deadlines.DaysLate(body, year, DateOnly.FromDateTime(ChinaTime.ToChina(first).DateTime))
                : state == LedgerState.Published ? 0 : Math.Max(0, today.DayNumber - deadline.DayNumber);
            rows.Add(new LedgerRow(body.Name, body, deadline, state, late, record));
        }
        rows.AddRange(byBody.Values.Select(r => new LedgerRow(r.Body, null, null, r.State, 0, r)));
        return new LedgerView(year, today, [.. rows.OrderBy(r => r.Urgency)]);
    }
}
