namespace FunctionsPipeline.Core.Registry;

/// <summary>
/// Stable codes of the register's findings (<see cref="RegisterParser"/>) and of uploads the register refuses
/// (<see cref="UploadGate"/>). A register with any finding is not loaded.
/// </summary>
public static class RegistryCodes
{
    /// <summary>A required column (机关名称, 统一社会信用代码, 机关类型, 上传目录) has no header in the first rows.</summary>
    public const string HeaderMissing = "REGISTRY_HEADER_MISSING";

    /// <summary>Two columns have the same header.</summary>
    public const string HeaderDuplicate = "REGISTRY_HEADER_DUPLICATE";

    /// <summary>The file has a header row but no body.</summary>
    public const string Empty = "REGISTRY_EMPTY";

    /// <summary>A row names no 机关名称, or leaves another required cell blank.</summary>
    public const string ValueMissing = "REGISTRY_VALUE_MISSING";

    public const string NameDuplicate = "REGISTRY_NAME_DUPLICATE";

    /// <summary>The 统一社会信用代码 is malformed or its check character (GB 32100) is wrong.</summary>
    public const string CodeInvalid = "REGISTRY_CODE_INVALID";

    public const string CodeDuplicate = "REGISTRY_CODE_DUPLICATE";

    /// <summary>机关类型 is none of 本级政府, 政府部门, 乡镇（街道）, 其他.</summary>
    public const string TypeUnknown = "REGISTRY_TYPE_UNKNOWN";

    /// <summary>上传目录 is not 2–40 characters of a-z, 0-9 and -.</summary>
    public const string FolderInvalid = "REGISTRY_FOLDER_INVALID";

    public const string FolderDuplicate = "REGISTRY_FOLDER_DUPLICATE";

    /// <summary>截止日期 is not a day written MM-DD.</summary>
    public const string DateInvalid = "REGISTRY_DATE_INVALID";

    /// <summary>A 填报人 or 审核人 entry is neither an Entra object id (GUID) nor a UPN (name@domain).</summary>
    public const string PersonInvalid = "REGISTRY_PERSON_INVALID";

    /// <summary>One person is both 填报人 and 审核人 of the same body (nobody reviews their own report).</summary>
    public const string PersonBothRoles = "REGISTRY_PERSON_BOTH_ROLES";

    /// <summary>索引号起始序号 is not a whole number from 0 to 99998.</summary>
    public const string SerialBaseInvalid = "REGISTRY_SERIAL_BASE_INVALID";

    /// <summary>With a register loaded, an upload not inside any folder (<c>uploads/{上传目录}/…</c>).</summary>
    public const string UploadOutsideFolder = "UPLOAD_OUTSIDE_FOLDER";

    /// <summary>With a register loaded, an upload in a folder no registered body has.</summary>
    public const string UploadFolderUnknown = "UPLOAD_FOLDER_UNKNOWN";

    /// <summary>The workbook's 机关名称 / 统一社会信用代码 belong to no registered body.</summary>
    public const string BodyNotInRegistry = "BODY_NOT_IN_REGISTRY";

    /// <summary>The workbook's body is registered, but not to the folder it was uploaded into (or its name and code disagree with the row).</summary>
    public const string BodyFolderMismatch = "BODY_FOLDER_MISMATCH";
}
