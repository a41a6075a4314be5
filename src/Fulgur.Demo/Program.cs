using Spectre.Console;

namespace Fulgur.Demo;

internal static class Program
{
    public static async Task<int> Main(string[] args)
    {
        if (!DemoOptions.TryParse(args, out var options, out var error))
        {
            await Console.Error.WriteLineAsync($"fulgur-demo: {error}");
            return 3;
        }
        using var cts = new CancellationTokenSource();
        // Ctrl-C ends the demo through the normal path, so every process it started is stopped.
        Console.CancelKeyPress += (_, e) =>
        {
            e.Cancel = true;
            cts.Cancel();
        };
        // With --json the narration goes to stderr and stdout carries one JSON object per step.
        var console = options.Json
            ? AnsiConsole.Create(new AnsiConsoleSettings { Out = new AnsiConsoleOutput(Console.Error) })
            : AnsiConsole.Console;
        var runner = new DemoRunner(options, console, options.Json ? Console.Out : null);
        try
        {
            return await runner.RunAsync(cts.Token);
        }
        catch (OperationCanceledException)
        {
            return 130;
        }
    }
}
