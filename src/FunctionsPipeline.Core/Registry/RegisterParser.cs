using System.Globalization;
using System.Text.RegularExpressions;
using FunctionsPipeline.Core.Common;
using FunctionsPipeline.Core.Model;
using FunctionsPipeline.Core.Validation;
using FunctionsPipeline.Core.Workbook;

namespace FunctionsPipeline.Core.Registry;

/// <summary>What checking a register file found: the register when there is no error, else every error at its cell.</summary>
public sealed record RegisterCheck(BodyRegister? Register, IReadOnlyList<Finding> Errors)
{
    public bool IsValid => Register is not null;
}

/// <summary>
/// Reads and checks the register (编制主体名单) the office maintains: the first sheet of an .xlsx or .xls, or a CSV in UTF-8
/// or GB18030 (read by <see cref="WorkbookReader.ReadTable"/>, the reports' reader). The header row is found by its
/// 机关名称 cell within the first rows; columns are known by their Chinese headers in any order. Every problem is a
/// finding at its cell with a <see cref="RegistryCodes"/> code and a Chinese message; a register with any finding is
/// returned without a <see cref="BodyRegister"/>, so nothing is loaded from it.
/// </summary>
public static partial class RegisterParser
{
    public const string NameHeader = "机关名称", CodeHeader = "统一社会信用代码", TypeHeader = "机关类型", FolderHeader = "上传目录",
        DeadlineHeader = "截止日期", ClerksHeader = "填报人", ReviewersHeader = "审核人", SerialBaseHeader = "索引号起始序号";

    private static readonly string[] Required = [NameHeader, CodeHeader, TypeHeader, FolderHeader];
    private static readonly string[] Optional = [DeadlineHeader, ClerksHeader, ReviewersHeader, SerialBaseHeader];

    /// <summary>How far down the header row may be (a title row or two above it is common).</summary>
    private const int HeaderSearchRows = 10;

    /// <summary>A register is a list, not a report: room for every body of a large city.</summary>
    public static WorkbookLimits Limits { get; } = WorkbookLimits.Default with { MaxRows = 50_000, MaxColumns = 50 };

    public static RegisterCheck Parse(byte[] content, string fileName, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(content);
        fileName = Path.GetFileName(fileName);
        var (table, problem) = WorkbookReader.ReadTable(new MemoryStream(content, writable: false), fileName, Limits);
        if (problem is not null) return new RegisterCheck(null, [Finding.FromFileProblem(problem)]);
        var errors = new List<Finding>();
        var bodies = ReadBodies(table!, errors);
        if (errors.Count == 0 && bodies.Count == 0)
        {
            errors.Add(new Finding(RegistryCodes.Empty, Severity.Error, table!.Sheet, "", $"名单“{fileName}”有表头但没有任何机关，请至少填写一行。"));
        }
        return errors.Count > 0
            ? new RegisterCheck(null, errors)
            : new RegisterCheck(new BodyRegister(bodies, fileName, Sha256.Hex(content), now), []);
    }

    private static List<RegisteredBody> ReadBodies(SheetTable table, List<Finding> errors)
    {
        var (headerRow, columns) = FindHeader(table, errors);
        if (headerRow < 0) return [];

        var bodies = new List<RegisteredBody>();
        var firstByName = new Dictionary<string, int>(StringComparer.Ordinal);
        var firstByCode = new Dictionary<string, int>(StringComparer.Ordinal);
        var firstByFolder = new Dictionary<string, int>(StringComparer.Ordinal);
        for (var r = headerRow + 1; r < table.Rows.Count; r++)
        {
            if (columns.Values.All(c => SheetIsBlank(table.Get(r, c)))) continue;
            var row = new RowReader(table, r, columns, errors);
            var name = row.Required(NameHeader, "机关名称");
            var code = row.Required(CodeHeader, "统一社会信用代码");
            var typeText = row.Required(TypeHeader, "机关类型");
            var folder = row.Required(FolderHeader, "上传目录");

            if (name is not null) Unique(row, NameHeader, name, firstByName, RegistryCodes.NameDuplicate, "机关名称");
            if (code is not null && CheckCode(row, code)) Unique(row, CodeHeader, code, firstByCode, RegistryCodes.CodeDuplicate, "统一社会信用代码");
            BodyType? type = null;
            if (typeText is not null && (type = BodyTypes.Parse(typeText)) is null)
            {
                row.Error(TypeHeader, RegistryCodes.TypeUnknown, $"机关类型“{typeText}”不在可选范围内，请填写“本级政府”“政府部门”“乡镇（街道）”或“其他”。");
            }
            if (folder is not null)
            {
                if (!FolderPattern().IsMatch(folder))
                {
                    row.Error(FolderHeader, RegistryCodes.FolderInvalid,
                        $"上传目录“{folder}”不符合要求：只能由小写英文字母、数字和连字符“-”组成，长度 2 至 40 个字符（如 xiji-town）。");
                }
                else
                {
                    Unique(row, FolderHeader, folder, firstByFolder, RegistryCodes.FolderDuplicate, "上传目录");
                }
            }
            var deadline = row.Deadline();
            var clerks = row.People(ClerksHeader);
            var reviewers = row.People(ReviewersHeader);
            foreach (var both in clerks.Intersect(reviewers, StringComparer.OrdinalIgnoreCase))
            {
                row.Error(ReviewersHeader, RegistryCodes.PersonBothRoles,
                    $"“{both}”同时是本机关的填报人和审核人。审核人不能审核自己填报的报告，请另行指定审核人。");
            }
            var serialBase = row.SerialBase();
            if (name is not null && code is not null && type is not null && folder is not null)
            {
                bodies.Add(new RegisteredBody(name, code, type.Value, folder, deadline, clerks, reviewers, r + 1) { SerialBase = serialBase });
            }
        }
        return bodies;
    }

    private static (int Row, Dictionary<string, int> Columns) FindHeader(SheetTable table, List<Finding> errors)
    {
        for (var r = 0; r < Math.Min(HeaderSearchRows, table.Rows.Count); r++)
        {
            var columns = new Dictionary<string, int>(StringComparer.Ordinal);
            for (var c = 0; c < table.Rows[r].Count; c++)
            {
                if (Header(table.Get(r, c)) is not { } header) continue;
                if (!columns.TryAdd(header, c))
                {
                    errors.Add(new Finding(RegistryCodes.HeaderDuplicate, Severity.Error, table.Sheet, CellAddress.ToA1(r, c),
                        $"表头“{header}”出现了两次（另见 {CellAddress.ToA1(r, columns[header])}），请删除或改名其中一列。"));
                }
            }
            if (!columns.ContainsKey(NameHeader)) continue;
            foreach (var missing in Required.Where(h => !columns.ContainsKey(h)))
            {
                errors.Add(new Finding(RegistryCodes.HeaderMissing, Severity.Error, table.Sheet, CellAddress.ToA1(r, 0),
                    $"表头行（第 {r + 1} 行）缺少必填列“{missing}”。名单须有“机关名称”“统一社会信用代码”“机关类型”“上传目录”四列。"));
            }
            return errors.Count > 0 ? (-1, columns) : (r, columns);
        }
        errors.Add(new Finding(RegistryCodes.HeaderMissing, Severity.Error, table.Sheet, "",
            $"工作表“{table.Sheet}”的前 {HeaderSearchRows} 行中找不到表头“机关名称”。请使用含“机关名称”“统一社会信用代码”“机关类型”“上传目录”列的名单。"));
        return (-1, []);
    }

    /// <summary>The known header a cell holds (spaces and a leading * ignored; a trailing note in brackets allowed), or null.</summary>
    private static string? Header(object? value)
    {
        if (value is not string text) return null;
        var bare = new string(text.Where(ch => !char.IsWhiteSpace(ch) && ch != '*' && ch != '＊').ToArray()).Replace('(', '（');
        return Required.Concat(Optional).FirstOrDefault(h => bare == h || bare.StartsWith(h + "（", StringComparison.Ordinal));
    }

    private static bool CheckCode(RowReader row, string code)
    {
        switch (CreditCode.Check(code))
        {
            case CreditCode.Problem.None:
                return true;
            case CreditCode.Problem.CheckCharacter:
                row.Error(CodeHeader, RegistryCodes.CodeInvalid,
                    $"统一社会信用代码“{code}”的校验码（第 18 位）有误：按 GB 32100 应为“{CreditCode.CheckCharacter(code)}”。请核对证书上的代码。");
                return false;
            default:
                row.Error(CodeHeader, RegistryCodes.CodeInvalid,
                    $"统一社会信用代码“{code}”格式有误：应为 18 位，由数字和大写英文字母（不含 I、O、Z、S、V）组成，第 3–8 位为行政区划码。" +
                    "如该列在 Excel 中是数字格式，请先设为文本格式再填写。");
                return false;
        }
    }

    private static void Unique(RowReader row, string header, string value, Dictionary<string, int> first, string code, string what)
    {
        if (first.TryAdd(value, row.Number)) return;
        row.Error(header, code, $"{what}“{value}”与第 {first[value]} 行重复。名单中每个机关的{what}必须唯一。");
    }

    private static bool SheetIsBlank(object? value) => value is null || value is string s && string.IsNullOrWhiteSpace(s);

    [GeneratedRegex("^[a-z0-9-]{2,40}$")]
    private static partial Regex FolderPattern();

    [GeneratedRegex(@"^[^@\s;；]+@[^@\s;；]+\.[^@\s;；]+$")]
    private static partial Regex UpnPattern();

    /// <summary>One data row: its cells by header, as text, with errors added at their cells.</summary>
    private sealed class RowReader(SheetTable table, int row, Dictionary<string, int> columns, List<Finding> errors)
    {
        public int Number => row + 1;

        public void Error(string header, string code, string message) =>
            errors.Add(new Finding(code, Severity.Error, table.Sheet, CellAddress.ToA1(row, columns[header]), message));

        private object? Value(string header) => columns.TryGetValue(header, out var c) ? table.Get(row, c) : null;

        private string? Text(string header) => Value(header) switch
        {
            null => null,
            string s => string.IsNullOrWhiteSpace(s) ? null : s.Trim().Trim('\u3000'),
            double d when d == Math.Floor(d) && Math.Abs(d) < 1e15 => d.ToString("0", CultureInfo.InvariantCulture),
            double d => d.ToString("R", CultureInfo.InvariantCulture),
            DateTime t => t.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
            var v => Convert.ToString(v, CultureInfo.InvariantCulture),
        };

        public string? Required(string header, string what)
        {
            if (Text(header) is { } text) return text;
            Error(header, RegistryCodes.ValueMissing, $"第 {Number} 行未填写{what}（必填）。");
            return null;
        }

        /// <summary>截止日期: <c>MM-DD</c> text, or a date cell (Excel turns 01-31 typed into a cell into a date; its month and day count).</summary>
        public MonthDay? Deadline()
        {
            switch (Value(DeadlineHeader))
            {
                case DateTime t:
                    return new MonthDay(t.Month, t.Day);
                case var _ when Text(DeadlineHeader) is not { } text:
                    return null;
                case var _ when MonthDay.Parse(Text(DeadlineHeader)!) is { } day:
                    return day;
                default:
                    Error(DeadlineHeader, RegistryCodes.DateInvalid,
                        $"截止日期“{Text(DeadlineHeader)}”无法识别：请写成“月-日”（如 01-31 表示次年1月31日前），或留空按机关类型的法定期限。");
                    return null;
            }
        }

        /// <summary>Entra object ids or UPNs separated by ; or ；.</summary>
        public IReadOnlyList<string> People(string header)
        {
            if (Text(header) is not { } text) return [];
            var people = new List<string>();
            foreach (var entry in text.Split([';', '；'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
            {
                if (Guid.TryParseExact(entry, "D", out var id)) people.Add(id.ToString("D"));
                else if (UpnPattern().IsMatch(entry)) people.Add(entry);
                else
                {
                    Error(header, RegistryCodes.PersonInvalid,
                        $"{header}“{entry}”无法识别：请填写 Entra 账号的对象 ID（如 0f8fad5b-d9cb-469f-a165-70867728950e）或登录名（如 zhangsan@example.gov.cn），多人用“;”分隔。");
                }
            }
            return people.Distinct(StringComparer.OrdinalIgnoreCase).ToArray();
        }

        public int? SerialBase()
        {
            if (Text(SerialBaseHeader) is not { } text) return null;
            if (int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var n) && n <= 99998) return n;
            Error(SerialBaseHeader, RegistryCodes.SerialBaseInvalid, $"索引号起始序号“{text}”应为 0 至 99998 的整数（本机关首个索引号的流水号为该数加 1），或留空。");
            return null;
        }
    }
}
