using System.CommandLine;
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

    public static Command Create(CliContext cli)
    {
        var checkFile = RegisterFile();
        var checkJson = CommandArgs.Json();
        var check = new Command("check", "Check a register (编制主体名单: xlsx, or CSV in UTF-8/GB18030) without loading it") { checkFile, checkJson };
        check.SetAction(parse => RunAsync(load: false, parse.GetValue(checkFile)!, parse.GetValue(checkJson), null, cli.Out, cli.Error, cli.Time));

        var loadFile = RegisterFile();
        var loadJson = CommandArgs.Json();
        var storage = CommandArgs.Storage();
        var load = new Command("load", "Check it and, with no finding, load it (载入) into the private 'registry' container") { loadFile, loadJson, storage };
        load.SetAction(parse => RunAsync(load: true, parse.GetValue(loadFile)!, parse.GetValue(loadJson), parse.GetValue(storage), cli.Out, cli.Error, cli.Time));

        var grantFile = RegisterFile();
        var emit = new Option<string>("--emit") { Description = "A Bicep file or az commands, on stdout", HelpName = "bicep|cli", Required = true };
        emit.AcceptOnlyFromAmong("bicep", "cli");
        var grant = new Command("grant", "The clerks' write rights (授权): Storage Blob Data Contributor on uploads, limited to their folder") { grantFile, emit };
        grant.SetAction(parse => GrantAsync(parse.GetValue(grantFile)!, parse.GetValue(emit)!, cli.Out, cli.Error, cli.Time));

        return new Command("registry", "The register of reporting bodies (编制主体名单)") { check, load, grant };
    }

    private static Argument<string> RegisterFile() => new("FILE") { Description = "The register (.xlsx or .csv)" };

    private static async Task<int> RunAsync(bool load, string file, bool json, string? storage, TextWriter stdout, TextWriter stderr, TimeProvider time)
    {
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
        int? filled = null;
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
                    // Reports published before the register (or before their body joined it) enter the ledger; their years' pages are rewritten.
                    var backfill = await local.Ledger.BackfillFromSiteAsync(stop.Token);
                    filled = backfill.Filled;
                    // The list of bodies changed: the public 年度报告发布情况 of the current report year and of every year with records.
                    var reportYear = FunctionsPipeline.Core.Common.ChinaTime.ToChina(time.GetUtcNow()).Year - 1;
                    await local.Ledger.PublishStatusPagesAsync([.. new[] { reportYear }.Concat(await local.Ledger.YearsAsync(stop.Token)).Except(backfill.Years)], stop.Token);
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
        else Print(stdout, fileName, check, container, filled);
        return check.IsValid ? Valid : check.Errors.Any(f => f.Code.StartsWith("FILE_", StringComparison.Ordinal) || f.Code.StartsWith("SHEET_", StringComparison.Ordinal))
            ? Unreadable : Invalid;
    }

    private static async Task<int> GrantAsync(string file, string emit, TextWriter stdout, TextWriter stderr, TimeProvider time)
    {
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
            Print(stderr, Path.GetFileName(file), check, null, null);
            return Invalid;
        }
        stdout.Write(emit == "bicep" ? RegistryGrants.Bicep(register) : RegistryGrants.Cli(register));
        return Valid;
    }

    private static void Print(TextWriter output, string fileName, RegisterCheck check, string? container, int? filled)
    {
        output.WriteLine($"名单：{fileName}");
        if (check.Register is { } register)
        {
            var byType = string.Join("，", register.Bodies.GroupBy(b => b.Type).OrderBy(g => g.Key).Select(g => $"{BodyTypes.Label(g.Key)} {g.Count()} 个"));
            output.WriteLine($"结果：通过，共 {register.Bodies.Count} 个机关（{byType}）。");
            if (container is not null) output.WriteLine($"已载入：{container}/{RegisterStore.RegisterBlob}");
            if (filled is { } n) output.WriteLine($"登记簿：据网站上已发布、已撤回的报告补登 {n} 条。");
            return;
        }
        output.WriteLine($"结果：未通过（{check.Errors.Count} 处错误），{(container is null ? "" : "名单未载入、现行名单未作任何更改，")}请逐项修改后重新提交。");
        var i = 0;
        foreach (var finding in check.Errors) output.WriteLine($"  {++i,3}. [{finding.Code}] {finding.Text}");
    }
}
