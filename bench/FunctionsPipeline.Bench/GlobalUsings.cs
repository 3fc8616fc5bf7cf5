global using FunctionsPipeline.Cli.Commands;
global using FunctionsPipeline.Core.Uploads;
