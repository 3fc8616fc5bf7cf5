using System.Text;
using FunctionsPipeline.Core.Model;

namespace FunctionsPipeline.Tests.Publishing;

/// <summary>Reports built in test code (until the shared samples land): consistent tables, prose with sub-headings.</summary>
internal static class TestReports
{
    public const string SeedBody = "山亭区西集镇人民政府";

    public static AnnualReport Create(string body = SeedBody, int year = 2024, Func<TableBRow, ApplicantColumn, int>? tableB = null,
        string? overview = null, string? text = null) =>
        new(
            Body: body,
            Year: year,
            Contact: new ContactDetails(text ?? "山亭区西集镇政府驻地", text ?? "277200", text ?? "0632-8511104", text ?? "http://www.shanting.gov.cn"),
            Preface: ProseSection.FromText(text ?? "本报告根据《中华人民共和国政府信息公开条例》要求编制。"),
            Overview: ProseSection.FromText(overview ?? text ??
                "2024年，西集镇人民政府认真贯彻落实《中华人民共和国政府信息公开条例》。\n（一）主动公开\n累计刊发信息1000余条。\n（二）依申请公开\n依法依规办理申请。"),
            ActiveDisclosure: new TableA(new DocumentCounts(0, 0, 0), new DocumentCounts(2, 1, 15), 120, 35, 3, 12.5m),
            Applications: TableB.Create(tableB ?? DefaultTableB),
            ReviewsAndLitigation: new TableC(new ReviewCounts(1, 0, 0, 0, 1), new ReviewCounts(0, 0, 0, 1, 1), new ReviewCounts(0, 0, 0, 0, 0)),
            Problems: ProseSection.FromText(text ?? "信息公开的及时性有待提高。"),
            OtherMatters: ProseSection.FromText(text ?? "本年度未收取信息处理费。"));

    /// <summary>Received 16 + carried over 2 = results 17 + carried forward 1.</summary>
    public static int DefaultTableB(TableBRow row, ApplicantColumn column)
    {
        if (column == ApplicantColumn.Total)
            return Enum.GetValues<ApplicantColumn>().Where(c => c != ApplicantColumn.Total).Sum(c => DefaultTableB(row, c));
        if (row == TableBRow.ResultsTotal)
            return NationalFormat.TableBRows.Where(r => r.Kind == TableBRowKind.Result).Sum(r => DefaultTableB(r.Row, column));
        return (row, column) switch
        {
            (TableBRow.NewlyReceived, ApplicantColumn.NaturalPerson) => 12,
            (TableBRow.NewlyReceived, ApplicantColumn.Commercial) => 3,
            (TableBRow.NewlyReceived, ApplicantColumn.Research) => 1,
            (TableBRow.CarriedOver, ApplicantColumn.NaturalPerson) => 2,
            (TableBRow.Granted, ApplicantColumn.NaturalPerson) => 8,
            (TableBRow.Granted, ApplicantColumn.Commercial) => 2,
            (TableBRow.PartiallyGranted, ApplicantColumn.NaturalPerson) => 2,
            (TableBRow.WithheldThirdParty, ApplicantColumn.NaturalPerson) => 1,
            (TableBRow.UnableNotHeld, ApplicantColumn.NaturalPerson) => 2,
            (TableBRow.UnableNotHeld, ApplicantColumn.Research) => 1,
            (TableBRow.NotProcessedRepeated, ApplicantColumn.Commercial) => 1,
            (TableBRow.CarriedForward, ApplicantColumn.NaturalPerson) => 1,
            _ => 0,
        };
    }

    /// <summary>Stands in for the PDF until the renderer lands: any bytes do for publishing.</summary>
    public static byte[] FakePdf(string marker = "v1") => Encoding.ASCII.GetBytes($"%PDF-1.7\n% test document {marker}\n%%EOF\n");

    /// <summary>Stand-in OFD bytes (a zip's local-header signature and a marker): publishing only stores and hashes them.</summary>
    public static byte[] FakeOfd(string marker = "v1") => Encoding.ASCII.GetBytes($"PK\u0003\u0004 test OFD {marker}");
}
