using System.CommandLine;

namespace FunctionsPipeline.Cli.Commands;

/// <summary>
/// <c>fp completion bash|zsh|pwsh</c>: a script that asks fp itself for completions (System.CommandLine's
/// <c>[suggest:POSITION]</c> directive), so commands, options and their fixed values complete in the shell.
/// </summary>
internal static class CompletionCommand
{
    public static Command Create(CliContext cli)
    {
        var shell = new Argument<string>("SHELL") { Description = "bash, zsh or pwsh" };
        shell.AcceptOnlyFromAmong("bash", "zsh", "pwsh");
        var command = new Command("completion", "Print the shell completion script (Tab 补全): eval \"$(fp completion bash)\"") { shell };
        command.SetAction(parse =>
        {
            cli.Out.Write(Script(parse.GetValue(shell)!));
            return Fp.Ok;
        });
        return command;
    }

    internal static string Script(string shell) => shell switch
    {
        "bash" => """
            # fp completion (bash): add to ~/.bashrc:  eval "$(fp completion bash)"
            _fp_complete() {
              local IFS=$'\n'
              COMPREPLY=($(fp "[suggest:${COMP_POINT}]" "${COMP_LINE}" 2>/dev/null))
            }
            complete -o default -F _fp_complete fp

            """,
        "zsh" => """
            # fp completion (zsh): add to ~/.zshrc:  eval "$(fp completion zsh)"
            _fp_complete() {
              local -a items
              items=("${(@f)$(fp "[suggest:${#BUFFER}]" "$BUFFER" 2>/dev/null)}")
              compadd -- $items
            }
            compdef _fp_complete fp

            """,
        _ => """
            # fp completion (PowerShell): add to $PROFILE:  fp completion pwsh | Out-String | Invoke-Expression
            Register-ArgumentCompleter -Native -CommandName fp -ScriptBlock {
              param($wordToComplete, $commandAst, $cursorPosition)
              fp "[suggest:$cursorPosition]" "$commandAst" | ForEach-Object {
                [System.Management.Automation.CompletionResult]::new($_, $_, 'ParameterValue', $_)
              }
            }

            """,
    };
}
