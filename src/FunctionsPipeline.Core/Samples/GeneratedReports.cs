using FunctionsPipeline.Core.Model;

namespace FunctionsPipeline.Core.Samples;

/// <summary>
/// Random but valid reports from a seed: every table filled with counts, R1–R4 holding by construction (the totals and
/// 一、本年新收 computed as <see cref="SampleReports.County"/>'s are), the fee with a chosen number of decimals. For property
/// tests and benchmarks of what sums reports (the region's summary). Contact details are the county sample's; the prose is
/// left empty (it would not match random tables).
/// </summary>
public static class GeneratedReports
{
    public static AnnualReport Create(Random random, string body, int year, int feeDecimals, int scale = 20)
    {
        ArgumentNullException.ThrowIfNull(random);
        ArgumentOutOfRangeException.ThrowIfNegative(feeDecimals);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(feeDecimals, 6);
        var applicants = Enum.GetValues<ApplicantColumn>().Where(c => c != ApplicantColumn.Total).ToArray();
        var results = NationalFormat.TableBRows.Where(r => r.Kind == TableBRowKind.Result).Select(r => r.Row).ToArray();

        var entered = new Dictionary<(TableBRow, ApplicantColumn), int>();
        foreach (var column in applicants)
        {
            foreach (var row in results) entered[(row, column)] = random.Next(0, scale);
            entered[(TableBRow.CarriedForward, column)] = random.Next(0, scale);
            var resultsTotal = results.Sum(row => entered[(row, column)]);
            // R1: 一 + 二 = 三（七） + 四, so 二 may be at most 三（七） + 四 for 一 to stay ≥ 0.
            entered[(TableBRow.CarriedOver, column)] = random.Next(0, resultsTotal + entered[(TableBRow.CarriedForward, column)] + 1);
        }
        int Value(TableBRow row, ApplicantColumn column) => row switch
        {
            TableBRow.ResultsTotal => results.Sum(r => entered[(r, column)]),
            TableBRow.NewlyReceived => results.Sum(r => entered[(r, column)]) + entered[(TableBRow.CarriedForward, column)] - entered[(TableBRow.CarriedOver, column)],
            _ => entered[(row, column)],
        };
        var tableB = TableB.Create((row, column) => column == ApplicantColumn.Total ? applicants.Sum(c => Value(row, c)) : Value(row, column));

        ReviewCounts Review()
        {
            int upheld = random.Next(0, 5), corrected = random.Next(0, 3), other = random.Next(0, 3), pending = random.Next(0, 3);
            return new ReviewCounts(upheld, corrected, other, pending, upheld + corrected + other + pending);
        }
        DocumentCounts Documents() => new(random.Next(0, scale), random.Next(0, scale), random.Next(0, scale * 10));
        // A whole number of the smallest unit at this precision: 0.0125 has 4 decimals, 3 has none.
        var fee = new decimal(random.Next(0, 100_000), 0, 0, false, (byte)feeDecimals);

        var county = SampleReports.County;
        return county with
        {
            Body = body,
            Year = year,
            CreditCode = null,
            ActiveDisclosure = new TableA(Documents(), Documents(), random.Next(0, scale * 100), random.Next(0, scale * 50), random.Next(0, scale), fee),
            Applications = tableB,
            ReviewsAndLitigation = new TableC(Review(), Review(), Review()),
            Preface = ProseSection.Empty,
            Overview = ProseSection.Empty,
            Problems = ProseSection.Empty,
            OtherMatters = ProseSection.Empty,
        };
    }
}
