using System.Text;
using FunctionsPipeline.Core.Model;
using FunctionsPipeline.Tests.Workbook;

namespace FunctionsPipeline.Tests.Registry;

/// <summary>
/// A register (编制主体名单) as an office writes it: a title row, the header row (row 2), then one row per body, as .xlsx or
/// as CSV in any encoding (through <see cref="PastedLayout"/>, the tests' one-sheet writer).
/// </summary>
internal sealed class RegisterFile
{
    public static readonly string[] Headers = ["机关名称", "统一社会信用代码", "机关类型", "上传目录", "截止日期", "填报人", "审核人"];

    public List<string?[]> Rows { get; } = [];

    /// <summary>A valid 统一社会信用代码 from a 17-character stem (the check character computed per GB 32100).</summary>
    public static string Code(string stem) => stem + CreditCode.CheckCharacter(stem + "0");

    /// <summary>The county sample's body (its workbook carries this code).</summary>
    public static readonly string[] County = ["云岭县人民政府办公室", "11539999MB12345672", "政府部门", "county-office", null!, "clerk@yunling.gov.cn", "reviewer@yunling.gov.cn"];

    /// <summary>A township and a local government with generated codes, and a department.</summary>
    public static RegisterFile Sample() => new RegisterFile()
        .Add("云岭县人民政府", Code("11539999MB1234500"), "本级政府", "yunling-gov")
        .Add(County)
        .Add("云岭县青山镇人民政府", Code("11539999MB1234501"), "乡镇（街道）", "qingshan-town", "01-15");

    public RegisterFile Add(params string?[] cells)
    {
        Rows.Add(cells);
        return this;
    }

    private PastedLayout Layout()
    {
        var cells = new List<(string, object?)> { ("A1", "云岭县政府信息公开工作年度报告编制主体名单") };
        for (var c = 0; c < Headers.Length; c++) cells.Add(($"{(char)('A' + c)}2", Headers[c]));
        for (var r = 0; r < Rows.Count; r++)
        {
            for (var c = 0; c < Rows[r].Length; c++)
            {
                if (Rows[r][c] is { } value) cells.Add(($"{(char)('A' + c)}{r + 3}", value));
            }
        }
        return PastedLayout.FromCells([.. cells]);
    }

    public byte[] ToXlsx() => Layout().ToXlsx();

    public byte[] ToCsv(Encoding encoding, bool withPreamble = false) => Layout().ToCsv(encoding, withPreamble);

    public static Encoding Gb18030
    {
        get
        {
            Encoding.RegisterProvider(CodePagesEncodingProvider.Instance);
            return Encoding.GetEncoding("GB18030");
        }
    }
}
