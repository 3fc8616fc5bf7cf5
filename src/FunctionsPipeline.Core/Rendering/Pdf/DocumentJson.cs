using System.Text.Json.Serialization;
using FunctionsPipeline.Core.Document;

namespace FunctionsPipeline.Core.Rendering.Pdf;

/// <summary>
/// Source-generated JSON of the document for <see cref="DeterministicPdf.ContentHash"/>: the same text as the
/// reflection serializer with default options (a test compares them), without reflection, so the hash works
/// in a Native AOT build and costs no run-time code generation.
/// </summary>
[JsonSerializable(typeof(DocumentMetadata))]
[JsonSerializable(typeof(TitleBlock))]
[JsonSerializable(typeof(HeadingBlock))]
[JsonSerializable(typeof(ParagraphBlock))]
[JsonSerializable(typeof(TableBlock))]
internal sealed partial class DocumentJson : JsonSerializerContext;
