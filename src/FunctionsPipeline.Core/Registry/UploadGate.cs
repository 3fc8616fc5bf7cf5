using FunctionsPipeline.Core.Model;
using FunctionsPipeline.Core.Validation;
using FunctionsPipeline.Core.Workbook;

namespace FunctionsPipeline.Core.Registry;

/// <summary>
/// With a register loaded, who may upload what: an upload lies in its body's folder (<c>uploads/{上传目录}/…</c>), and the
/// workbook's 机关名称 and 统一社会信用代码 are that folder's row. Without a register nothing here is asked.
/// </summary>
public static class UploadGate
{
    /// <summary>The folder an upload lies in: the first segment of its name, or null for a name without one.</summary>
    public static string? FolderOf(string uploadName)
    {
        ArgumentNullException.ThrowIfNull(uploadName);
        var slash = uploadName.IndexOf('/', StringComparison.Ordinal);
        return slash > 0 ? uploadName[..slash] : null;
    }

    /// <summary>The body whose folder the upload lies in, or the refusal (<see cref="RegistryCodes.UploadOutsideFolder"/>, <see cref="RegistryCodes.UploadFolderUnknown"/>).</summary>
    public static (RegisteredBody? Body, FileProblem? Refusal) Folder(BodyRegister register, string uploadName)
    {
        ArgumentNullException.ThrowIfNull(register);
        var file = Path.GetFileName(uploadName);
        if (FolderOf(uploadName) is not { } folder)
        {
            return (null, new FileProblem(RegistryCodes.UploadOutsideFolder, uploadName,
                $"文件“{file}”没有放在任何机关的上传目录中，未作处理，网站未作任何更改。本平台已启用编制主体名单：请把文件上传到本机关的上传目录（uploads/上传目录/{file}），" +
                "上传目录见名单或向政务公开办公室询问。文件已保留。"));
        }
        if (register.ByFolder(folder) is { } body) return (body, null);
        return (null, new FileProblem(RegistryCodes.UploadFolderUnknown, uploadName,
            $"上传目录“{folder}”不属于编制主体名单中的任何机关，文件“{file}”未作处理，网站未作任何更改。请上传到本机关的上传目录；如名单有误，请联系政务公开办公室。文件已保留。"));
    }

    /// <summary>
    /// The workbook's identity against the folder's row: no finding when both 机关名称 and 统一社会信用代码 are the row's;
    /// else <see cref="RegistryCodes.BodyNotInRegistry"/> (neither belongs to any registered body) or
    /// <see cref="RegistryCodes.BodyFolderMismatch"/> (another body's report, or name and code that disagree with the row),
    /// at the workbook's cell, naming the folder's body. A workbook without a 统一社会信用代码 (an optional field of the template that
    /// older workbooks lack) is matched by its name alone; one with a code must carry the row's.
    /// </summary>
    public static IReadOnlyList<Finding> Identity(BodyRegister register, RegisteredBody folderBody, ParsedWorkbook workbook, AnnualReport report)
    {
        ArgumentNullException.ThrowIfNull(register);
        ArgumentNullException.ThrowIfNull(folderBody);
        ArgumentNullException.ThrowIfNull(workbook);
        ArgumentNullException.ThrowIfNull(report);
        var code = report.CreditCode;
        if (report.Body == folderBody.Name && (code is null || code == folderBody.CreditCode)) return [];

        var nameCell = workbook[ReportFields.Body]?.At;
        var codeCell = workbook[ReportFields.CreditCode]?.At ?? (nameCell is null ? null : new CellLocation(nameCell.Sheet, ""));
        var owner = $"上传目录“{folderBody.Folder}”属于“{folderBody.Name}”（统一社会信用代码 {folderBody.CreditCode}）";
        var registered = register.ByName(report.Body) ?? (code is null ? null : register.ByCreditCode(code));
        if (registered is null)
        {
            return [At(RegistryCodes.BodyNotInRegistry, nameCell,
                $"工作簿填写的机关“{report.Body}”{(code is null ? "" : $"（统一社会信用代码 {code}）")}不在编制主体名单中，未作处理。{owner}，只能上传该机关的年度报告。" +
                "如机关名称有误请改正后重新上传；如名单漏列本机关，请联系政务公开办公室。")];
        }
        if (registered != folderBody)
        {
            return [At(RegistryCodes.BodyFolderMismatch, registered.Name == report.Body ? nameCell : codeCell,
                $"工作簿填写的是“{registered.Name}”的年度报告，该机关的上传目录是“{registered.Folder}”，不能上传到此处：{owner}。请上传到本机关的上传目录。")];
        }
        if (report.Body != folderBody.Name)
        {
            return [At(RegistryCodes.BodyFolderMismatch, nameCell,
                $"机关名称“{report.Body}”与编制主体名单不一致：{owner}，名单中的机关名称为“{folderBody.Name}”。请按名单填写机关全称后重新上传。")];
        }
        return [At(RegistryCodes.BodyFolderMismatch, codeCell, $"统一社会信用代码“{code}”与编制主体名单不一致：{owner}。请核对后重新上传。")];
    }

    private static Finding At(string code, CellLocation? at, string message) =>
        new(code, Severity.Error, at?.Sheet ?? "", at?.Address ?? "", message);
}
