using System.Text;
using FunctionsPipeline.Core.Registry;
using FunctionsPipeline.Core.Validation;
using FunctionsPipeline.Core.Workbook;

namespace FunctionsPipeline.Tests.Registry;

/// <summary>The register file: read from xlsx and CSV (UTF-8, GB18030), every bad cell a finding with its code and place.</summary>
public sealed class RegisterParserTests
{
    private static readonly DateTimeOffset Now = new(2025, 1, 5, 2, 0, 0, TimeSpan.Zero);

    private static RegisterCheck Parse(byte[] bytes, string name = "名单.xlsx") => RegisterParser.Parse(bytes, name, Now);

    [Fact]
    public void An_xlsx_register_gives_every_body_with_its_type_folder_deadline_and_people()
    {
        var check = Parse(RegisterFile.Sample().ToXlsx());

        Assert.Empty(check.Errors);
        var register = check.Register!;
        Assert.Equal(["云岭县人民政府", "云岭县人民政府办公室", "云岭县青山镇人民政府"], register.Bodies.Select(b => b.Name));
        Assert.Equal([BodyType.LocalGovernment, BodyType.Department, BodyType.Township], register.Bodies.Select(b => b.Type));
        Assert.Equal(["yunling-gov", "county-office", "qingshan-town"], register.Bodies.Select(b => b.Folder));
        Assert.Equal([3, 4, 5], register.Bodies.Select(b => b.Row));
        var county = register.ByFolder("county-office")!;
        Assert.Equal("11539999MB12345672", county.CreditCode);
        Assert.Equal(["clerk@yunling.gov.cn"], county.Clerks);
        Assert.Equal(["reviewer@yunling.gov.cn"], county.Reviewers);
        Assert.Null(county.Deadline);
        Assert.Equal(new MonthDay(1, 15), register.ByName("云岭县青山镇人民政府")!.Deadline);
        Assert.Equal("名单.xlsx", register.SourceFile);
        Assert.Equal(64, register.SourceSha256.Length);
    }

    [Theory]
    [InlineData("utf-8", false)]
    [InlineData("utf-8", true)]
    [InlineData("gb18030", false)]
    public void A_csv_register_in_utf8_or_gb18030_reads_as_the_xlsx_does(string encoding, bool bom)
    {
        var file = RegisterFile.Sample();
        var csv = file.ToCsv(encoding == "utf-8" ? new UTF8Encoding(false) : RegisterFile.Gb18030, bom);

        var fromCsv = Parse(csv, "名单.csv");
        var fromXlsx = Parse(file.ToXlsx());

        Assert.Empty(fromCsv.Errors);
        Assert.Equal(fromXlsx.Register!.Bodies, fromCsv.Register!.Bodies, new BodyComparer());
    }

    [Fact]
    public void Several_entries_separated_by_semicolons_are_each_a_person()
    {
        var id = "0f8fad5b-d9cb-469f-a165-70867728950e";
        var check = Parse(new RegisterFile().Add("云岭县人民政府", RegisterFile.Code("11539999MB1234500"), "本级政府", "yunling-gov", null,
            $"a@yunling.gov.cn; {id.ToUpperInvariant()}；b@yunling.gov.cn", "c@yunling.gov.cn").ToXlsx());

        Assert.Equal(["a@yunling.gov.cn", id, "b@yunling.gov.cn"], check.Register!.Bodies[0].Clerks);
    }

    public static TheoryData<string, string?[], string, string> BadRows() => new()
    {
        // what, the fourth row (after Sample's three), code, cell
        { "duplicate name", ["云岭县人民政府", RegisterFile.Code("11539999MB1234599"), "政府部门", "another"], RegistryCodes.NameDuplicate, "A6" },
        { "duplicate code", ["云岭县财政局", "11539999MB12345672", "政府部门", "finance"], RegistryCodes.CodeDuplicate, "B6" },
        { "duplicate folder", ["云岭县财政局", RegisterFile.Code("11539999MB1234599"), "政府部门", "county-office"], RegistryCodes.FolderDuplicate, "D6" },
        { "check character", ["云岭县财政局", "11539999MB12345673", "政府部门", "finance"], RegistryCodes.CodeInvalid, "B6" },
        { "code as a number", ["云岭县财政局", "1.15399991234567E+17", "政府部门", "finance"], RegistryCodes.CodeInvalid, "B6" },
        { "unknown type", ["云岭县财政局", RegisterFile.Code("11539999MB1234599"), "事业单位", "finance"], RegistryCodes.TypeUnknown, "C6" },
        { "folder with capitals", ["云岭县财政局", RegisterFile.Code("11539999MB1234599"), "政府部门", "Finance_Bureau"], RegistryCodes.FolderInvalid, "D6" },
        { "folder too short", ["云岭县财政局", RegisterFile.Code("11539999MB1234599"), "政府部门", "f"], RegistryCodes.FolderInvalid, "D6" },
        { "month 13", ["云岭县财政局", RegisterFile.Code("11539999MB1234599"), "政府部门", "finance", "13-01"], RegistryCodes.DateInvalid, "E6" },
        { "Chinese date", ["云岭县财政局", RegisterFile.Code("11539999MB1234599"), "政府部门", "finance", "1月31日"], RegistryCodes.DateInvalid, "E6" },
        { "30 February", ["云岭县财政局", RegisterFile.Code("11539999MB1234599"), "政府部门", "finance", "02-30"], RegistryCodes.DateInvalid, "E6" },
        { "clerk not a person", ["云岭县财政局", RegisterFile.Code("11539999MB1234599"), "政府部门", "finance", null, "张三"], RegistryCodes.PersonInvalid, "F6" },
        { "own reviewer", ["云岭县财政局", RegisterFile.Code("11539999MB1234599"), "政府部门", "finance", null, "a@yunling.gov.cn;b@yunling.gov.cn", "B@Yunling.gov.cn"],
            RegistryCodes.PersonBothRoles, "G6" },
        { "no folder", ["云岭县财政局", RegisterFile.Code("11539999MB1234599"), "政府部门"], RegistryCodes.ValueMissing, "D6" },
        { "no name", [null, RegisterFile.Code("11539999MB1234599"), "政府部门", "finance"], RegistryCodes.ValueMissing, "A6" },
    };

    [Theory]
    [MemberData(nameof(BadRows))]
    public void A_bad_row_is_one_finding_at_its_cell_and_nothing_is_registered(string what, string?[] row, string code, string cell)
    {
        var check = Parse(RegisterFile.Sample().Add(row).ToXlsx());

        Assert.Null(check.Register);
        var finding = Assert.Single(check.Errors);
        Assert.Equal((code, "Sheet1", cell), (finding.Code, finding.Sheet, finding.Cell));
        Assert.Equal(Severity.Error, finding.Severity);
        Assert.True(finding.Message.Any(c => c >= '\u4e00' && c <= '\u9fff'), what);
        Assert.StartsWith($"Sheet1!{cell}：", finding.Text, StringComparison.Ordinal);
    }

    [Fact]
    public void A_duplicate_names_the_row_it_repeats_and_a_bad_check_character_names_the_right_one()
    {
        var check = Parse(RegisterFile.Sample()
            .Add("云岭县人民政府办公室", RegisterFile.Code("11539999MB1234599"), "政府部门", "office-2")
            .Add("云岭县财政局", "11539999MB12345673", "政府部门", "finance").ToXlsx());

        Assert.Contains(check.Errors, f => f.Code == RegistryCodes.NameDuplicate && f.Message.Contains("第 4 行", StringComparison.Ordinal));
        Assert.Contains(check.Errors, f => f.Code == RegistryCodes.CodeInvalid && f.Message.Contains("应为“2”", StringComparison.Ordinal));
    }

    [Fact]
    public void Every_problem_of_a_file_is_reported_at_once()
    {
        var check = Parse(RegisterFile.Sample()
            .Add("云岭县财政局", "11539999MB12345673", "事业单位", "Finance", "13-01", "张三").ToXlsx());

        Assert.Equal([RegistryCodes.CodeInvalid, RegistryCodes.TypeUnknown, RegistryCodes.FolderInvalid, RegistryCodes.DateInvalid, RegistryCodes.PersonInvalid],
            check.Errors.Select(f => f.Code));
    }

    [Fact]
    public void A_register_without_a_required_column_is_refused_at_its_header_row()
    {
        var layout = PastedLayoutWithout("上传目录");

        var check = Parse(layout);

        var finding = Assert.Single(check.Errors);
        Assert.Equal((RegistryCodes.HeaderMissing, "A2"), (finding.Code, finding.Cell));
        Assert.Contains("上传目录", finding.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_file_that_is_not_a_register_or_has_no_rows_is_refused()
    {
        Assert.Equal(RegistryCodes.HeaderMissing, Assert.Single(Parse(Workbook.PastedLayout.FromCells(("A1", "信息内容")).ToXlsx()).Errors).Code);
        Assert.Equal(RegistryCodes.Empty, Assert.Single(Parse(new RegisterFile().ToXlsx()).Errors).Code);
        Assert.Equal(FileProblemCodes.NotWorkbook, Assert.Single(Parse("%PDF-1.7\n"u8.ToArray(), "名单.xlsx").Errors).Code);
        Assert.Equal(FileProblemCodes.Empty, Assert.Single(Parse([], "名单.csv").Errors).Code);
    }

    [Fact]
    public void Headers_may_carry_notes_and_stars_and_sit_below_a_title()
    {
        var check = Parse(Workbook.PastedLayout.FromCells(
            ("A1", "名单"), ("A3", "*机关名称"), ("B3", "统一社会信用代码（18位）"), ("C3", "机关类型"), ("D3", "上传目录 (英文)"),
            ("A4", "云岭县人民政府"), ("B4", RegisterFile.Code("11539999MB1234500")), ("C4", "本级政府"), ("D4", "yunling-gov")).ToXlsx());

        Assert.Empty(check.Errors);
        Assert.Equal("yunling-gov", Assert.Single(check.Register!.Bodies).Folder);
    }

    private static byte[] PastedLayoutWithout(string header)
    {
        var cells = new List<(string, object?)>();
        var c = 0;
        foreach (var h in RegisterFile.Headers.Where(h => h != header)) cells.Add(($"{(char)('A' + c++)}2", h));
        cells.Add(("A3", "云岭县人民政府"));
        return Workbook.PastedLayout.FromCells([.. cells]).ToXlsx();
    }

    private sealed class BodyComparer : IEqualityComparer<RegisteredBody>
    {
        public bool Equals(RegisteredBody? x, RegisteredBody? y) =>
            x is not null && y is not null && x with { Clerks = [], Reviewers = [] } == y with { Clerks = [], Reviewers = [] } &&
            x.Clerks.SequenceEqual(y.Clerks) && x.Reviewers.SequenceEqual(y.Reviewers);

        public int GetHashCode(RegisteredBody obj) => obj.Name.GetHashCode(StringComparison.Ordinal);
    }
}
