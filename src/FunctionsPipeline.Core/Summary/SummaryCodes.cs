namespace FunctionsPipeline.Core.Summary;

/// <summary>Stable codes of the region's summary (汇总): its refusals and the upload warning. Add new ones, never rename.</summary>
public static class SummaryCodes
{
    /// <summary>
    /// Warning on a 本级政府's upload: a table cell differs from the sum, at that moment, of the current published versions
    /// of the bodies of the selection the workbook was summed with (all the register's other bodies when it names none): the
    /// cell, the sum expected, the value uploaded, the selection, and any body whose live version changed since the summary.
    /// A warning: a region may add its own figures.
    /// </summary>
    public const string Differs = "SUMMARY_DIFFERS";

    /// <summary><c>fp summarize</c>: no register is loaded, so there is no region to sum.</summary>
    public const string NoRegister = "SUMMARY_NO_REGISTER";

    /// <summary><c>fp summarize --bodies FILTER</c>: the filter matches no registered body (the 本级政府 itself never counts).</summary>
    public const string NoBodies = "SUMMARY_NO_BODIES";
}
