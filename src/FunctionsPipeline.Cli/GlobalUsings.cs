// The CLI is Core's front end: its namespaces are in scope in every command.
global using FunctionsPipeline.Core.Document;
global using FunctionsPipeline.Core.Pipeline;
global using FunctionsPipeline.Core.Rendering.Fonts;
global using FunctionsPipeline.Core.Rendering.Pdf;
global using FunctionsPipeline.Core.Uploads;
global using FunctionsPipeline.Core.Validation;
global using FunctionsPipeline.Core.Workbook;
global using FunctionsPipeline.Core.Withdrawals;
