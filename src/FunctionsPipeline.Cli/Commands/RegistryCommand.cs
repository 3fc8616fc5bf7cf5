using FunctionsPipeline.Core.Registry;
using FunctionsPipeline.Core.Requests;
using FunctionsPipeline.Core.Validation;

namespace FunctionsPipeline.Cli.Commands;

/// <summary>
/// <c>fp registry check FILE [--json]</c>: checks a register (编制主体名单) without loading it.
/// <c>fp registry load FILE [--json] [--storage CONNECTION]</c>: checks it and, with no finding, makes it the register
/// (private container <c>registry</c>); a file with findings changes nothing.
/// <c>fp registry grant FILE --emit bicep|cli</c>: the clerks' write rights (Storage Blob Data Contributor on uploads, limited
/// to their body's folder by an ABAC condition; Registry/RegistryGrants) as a Bicep file or az commands, on stdout.
/// Exit 0 valid (loaded, emitted), 1 findings, 2 unreadable file or bad arguments, 3 storage unavailable.
/// </summary>
internal static class RegistryCommand
{
    public const int Valid = 0, Invalid = 1, Unreadable = 2, StorageUnavailable = 3;

    private const string Usage = "usage: fp registry check FILE [--json]\n       fp registry load FILE [--json] [--storage CONNECTION]\n       fp registry grant FILE --emit bicep|cli";

    public static async Task<int> RunAsync(string[] args) => await RunAsync(args, Console.Out, Console.Error, TimeProvider.System);

    internal static async Task<int> RunAsync(string[] args, TextWriter stdout, TextWriter stderr, TimeProvider time)
    {
        if (args.Length > 0 && args[0] == "grant") return await GrantAsync(args[1..], stdout, stderr, time);
        if (args.Length == 0 || args[0] is not ("check" or "load"))
        {
            stderr.WriteLine(Usage);
            return Unreadable;
        }
        var load = args[0] == "load";
        var json = false;
        var rest = args[1..].Where(a => !(a == "--json" && (json = true))).ToArray();
        if (!CommandArgs.TryParse(rest, out var storage, out var file, allowFile: true) || file is null || (!load && storage is not null))
        {
            stderr.WriteLine(Usage);
            return Unreadable;
        }

        var fileName = Path.GetFileName(file);
        byte[] content;
        try
        {
            content = await File.ReadAllBytesAsync(file);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            stderr.WriteLine($"无法打开文件“{file}”：文件不存在或没有读取权限。");
            return Unreadable;
        }

        RegisterCheck check;
        string? container = null;
        if (load)
        {
            using var stop = CommandArgs.CancelOnCtrlC();
            await using var local = LocalPipeline.Create(storage);
            try
            {
                check = await local.Register.LoadAsync(content, fileName, stop.Token);
                container = local.Register.Container.Name;
                if (check.IsValid)
                {
                    // The list of bodies changed: the public 年度报告发布情况 of the current report year and of every year with records.
                    var reportYear = FunctionsPipeline.Core.Common.ChinaTime.ToChina(time.GetUtcNow()).Year - 1;
                    await local.Ledger.PublishStatusPagesAsync([reportYear, .. await local.Ledger.YearsAsync(stop.Token)], stop.Token);
                }
            }
            catch (Exception ex) when (StorageErrors.IsUnavailable(ex, stop.Token) && !stop.IsCancellationRequested)
            {
                stderr.WriteLine($"fp registry load: 存储服务不可用（{StorageErrors.Summary(ex)}），名单未载入。请先启动 Azurite，或用 --storage 指定连接字符串。");
                return StorageUnavailable;
            }
        }
        else
        {
            check = RegisterParser.Parse(content, fileName, time.GetUtcNow());
        }

        if (json) stdout.WriteLine(FindingsJson.Serialize(fileName, check.Errors, []));
        else Print(stdout, fileName, check, container);
        return check.IsValid ? Valid : check.Errors.Any(f => f.Code.StartsWith("FILE_", StringComparison.Ordinal) || f.Code.StartsWith("SHEET_", StringComparison.Ordinal))
            ? Unreadable : Invalid;
    }

    private static async Task<int> GrantAsync(string[] args, TextWriter stdout, TextWriter stderr, TimeProvider time)
    {
        var emit = args.Length == 3 && args[1] == "--emit" ? args[2] : args.Length == 3 && args[0] == "--emit" ? args[1] : null;
        var file = args.Length == 3 ? (args[1] == "--emit" ? args[0] : args[2]) : null;
        if (emit is not ("bicep" or "cli") || file is null)
        {
            stderr.WriteLine(Usage);
            return Unreadable;
        }
        byte[] content;
        try
        {
            content = await File.ReadAllBytesAsync(file);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            stderr.WriteLine($"无法打开文件“{file}”：文件不存在或没有读取权限。");
            return Unreadable;
        }
        var check = RegisterParser.Parse(content, Path.GetFileName(file), time.GetUtcNow());
        if (check.Register is not { } register)
        {
            Print(stderr, Path.GetFileName(file), check, null);
            return Invalid;
        }
        stdout.Write(emit == "bicep" ? RegistryGrants.Bicep(register) : RegistryGrants.Cli(register));
        return Valid;
    }

    private static void Print(TextWriter output, string fileName, RegisterCheck check, string? container)
    {
        output.WriteLine($"名单：{fileName}");
        if (check.Register is { } register)
        {
            var byType = string.Join("，", register.Bodies.GroupBy(b => b.Type).OrderBy(g => g.Key).Select(g => $"{BodyTypes.Label(g.Key)} {g.Count()} 个"));
            output.WriteLine($"结果：通过，共 {register.Bodies.Count} 个机关（{byType}）。");
            if (container is not null) output.WriteLine($"已载入：{container}/{RegisterStore.RegisterBlob}");
            return;
        }
        output.WriteLine($"结果：未通过（{check.Errors.Count} 处错误），{(container is null ? "" : "名单未载入、现行名单未作任何更改，")}请逐项修改后重新提交。");
        var i = 0;
        foreach (var finding in check.Errors) output.WriteLine($"  {++i,3}. [{finding.Code}] {finding.Text}");
    }
}
