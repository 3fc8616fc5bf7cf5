using FunctionsPipeline.Core.Workbook;

namespace FunctionsPipeline.Tests.Workbook;

public sealed class LabelTextTests
{
    [Theory]
    [InlineData("（一）予以公开", "(一)予以公开")]
    [InlineData("(一) 予以公开", "(一)予以公开")]
    [InlineData("1、属于国家秘密", "1.属于国家秘密")]
    [InlineData("1．属于国家秘密", "1.属于国家秘密")]
    [InlineData("3.危及“三安全一稳定”", "3.危及三安全一稳定")]
    [InlineData("3.危及\"三安全一稳定\"", "3.危及三安全一稳定")]
    [InlineData("机关名称：", "机关名称")]
    [InlineData("网\u3000站", "网站")]
    [InlineData("本年收费金额\n（单位：万元）", "本年收费金额(单位:万元)")]
    public void Labels_typed_differently_normalise_to_the_same_key(string typed, string key)
    {
        Assert.Equal(key, LabelText.Normalize(typed));
    }

    [Fact]
    public void Long_prose_and_blank_cells_are_never_labels()
    {
        Assert.Null(LabelText.Normalize(new string('文', LabelText.MaxLabelLength + 1)));
        Assert.Null(LabelText.Normalize("  \n "));
        Assert.Null(LabelText.Normalize(null));
    }

    [Fact]
    public void Different_labels_stay_different()
    {
        Assert.NotEqual(LabelText.Normalize("其他"), LabelText.Normalize("3.其他"));
        Assert.NotEqual(LabelText.Normalize("总计"), LabelText.Normalize("（七）总计"));
    }
}
