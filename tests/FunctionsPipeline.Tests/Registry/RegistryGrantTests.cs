using System.Text.Json.Nodes;
using FunctionsPipeline.Cli;
using FunctionsPipeline.Cli.Commands;
using FunctionsPipeline.Core.Registry;
using FunctionsPipeline.Tests.Infra;
using FunctionsPipeline.Tests.Support;

namespace FunctionsPipeline.Tests.Registry;

/// <summary><c>fp registry grant</c>: each clerk's Storage Blob Data Contributor on uploads, ABAC-limited to the body's folder, compiled by the pinned Bicep CLI.</summary>
public sealed class RegistryGrantTests : IDisposable
{
    private const string CountyClerk = "0f8fad5b-d9cb-469f-a165-70867728950e";
    private const string TownClerk = "7c9e6679-7425-40de-944b-e07fc1f90ae7";
    private readonly string _dir = Directory.CreateTempSubdirectory("fp-grant-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private string RegisterWithClerks()
    {
        var file = new RegisterFile()
            .Add("云岭县人民政府办公室", "11539999MB12345672", "政府部门", "county-office", null, CountyClerk, "reviewer@yunling.gov.cn")
            .Add("云岭县青山镇人民政府", RegisterFile.Code("11539999MB1234501"), "乡镇（街道）", "qingshan-town", null, $"{TownClerk};clerk@qingshan.gov.cn");
        var path = Path.Combine(_dir, "名单.xlsx");
        File.WriteAllBytes(path, file.ToXlsx());
        return path;
    }

    private static async Task<(int Exit, string Out, string Err)> RunAsync(params string[] args)
    {
        using var stdout = new StringWriter();
        using var stderr = new StringWriter();
        var exit = await Fp.InvokeAsync(["registry", .. args], new CliContext(stdout, stderr, new FixedClock(new DateTimeOffset(2025, 1, 5, 2, 0, 0, TimeSpan.Zero))));
        return (exit, stdout.ToString(), stderr.ToString());
    }

    [Fact]
    public async Task The_emitted_bicep_compiles_to_one_conditioned_role_assignment_per_clerk_object_id()
    {
        var (exit, bicep, _) = await RunAsync("grant", RegisterWithClerks(), "--emit", "bicep");
        Assert.Equal(RegistryCommand.Valid, exit);
        var source = Path.Combine(_dir, "grants.bicep");
        await File.WriteAllTextAsync(source, bicep);
        var compiled = Path.Combine(_dir, "grants.json");

        var (code, diagnostics) = CompiledTemplate.RunBicep(CompiledTemplate.FindRepositoryRoot(), "build", source, "--outfile", compiled);

        Assert.True(code == 0 && diagnostics.Length == 0, diagnostics);
        var resources = JsonNode.Parse(await File.ReadAllTextAsync(compiled))!["resources"]!;
        var assignments = (resources is JsonObject bySymbol ? bySymbol.Select(kv => kv.Value!) : resources.AsArray().Select(n => n!))
            .Where(r => (string?)r["type"] == "Microsoft.Authorization/roleAssignments" && r["existing"] is null).ToList();
        // The UPN (clerk@qingshan.gov.cn) cannot be a principalId: named in a comment, not granted.
        Assert.Equal([CountyClerk, TownClerk], assignments.Select(a => (string)a["properties"]!["principalId"]!));
        Assert.Contains("// Not granted here", bicep, StringComparison.Ordinal);
        foreach (var (assignment, folder, other) in new[] { (assignments[0], "county-office", "qingshan-town"), (assignments[1], "qingshan-town", "county-office") })
        {
            var properties = assignment["properties"]!;
            Assert.Equal("2.0", (string)properties["conditionVersion"]!);
            Assert.Contains(RegistryGrants.ContributorRoleId, (string)properties["roleDefinitionId"]!, StringComparison.Ordinal);
            var condition = (string)properties["condition"]!;
            Assert.Equal(RegistryGrants.Condition(folder), condition);
            Assert.Contains($"@Resource[Microsoft.Storage/storageAccounts/blobServices/containers/blobs:path] StringStartsWith '{folder}/'", condition, StringComparison.Ordinal);
            Assert.Contains($"@Request[Microsoft.Storage/storageAccounts/blobServices/containers/blobs:prefix] StringStartsWith '{folder}/'", condition, StringComparison.Ordinal);
            Assert.Contains("!(ActionMatches{'Microsoft.Storage/storageAccounts/blobServices/containers/blobs/delete'})", condition, StringComparison.Ordinal);
            Assert.DoesNotContain(other, condition, StringComparison.Ordinal);
            Assert.Contains("uploadsContainerName", (string)assignment["scope"]!, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task The_emitted_commands_grant_every_clerk_object_id_or_upn_its_own_folder()
    {
        var (exit, script, _) = await RunAsync("grant", RegisterWithClerks(), "--emit", "cli");

        Assert.Equal(RegistryCommand.Valid, exit);
        var commands = script.Split('\n').Where(l => l.StartsWith("az role assignment create", StringComparison.Ordinal)).ToList();
        Assert.Equal(3, commands.Count);
        Assert.Contains($"--assignee '{CountyClerk}'", commands[0], StringComparison.Ordinal);
        Assert.Contains("StringStartsWith '\\''county-office/'\\''", commands[0], StringComparison.Ordinal);
        Assert.Contains("--assignee 'clerk@qingshan.gov.cn'", commands[2], StringComparison.Ordinal);
        Assert.Contains("StringStartsWith '\\''qingshan-town/'\\''", commands[2], StringComparison.Ordinal);
        Assert.All(commands, c => Assert.Contains("--condition-version 2.0", c, StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_bad_register_emits_nothing()
    {
        var path = Path.Combine(_dir, "坏名单.xlsx");
        File.WriteAllBytes(path, RegisterFile.Sample().Add("云岭县财政局", "11539999MB12345673", "政府部门", "finance").ToXlsx());

        var (exit, output, errors) = await RunAsync("grant", path, "--emit", "bicep");

        Assert.Equal((RegistryCommand.Invalid, ""), (exit, output));
        Assert.Contains(RegistryCodes.CodeInvalid, errors, StringComparison.Ordinal);
        Assert.Equal(RegistryCommand.Unreadable, (await RunAsync("grant", path, "--emit", "arm")).Exit);
    }
}
