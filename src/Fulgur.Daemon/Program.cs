using System.Runtime.InteropServices;
using System.Runtime.Versioning;
using Fulgur.Node;
using Fulgur.Node.Config;
using Fulgur.Node.Logging;

[assembly: UnsupportedOSPlatform("windows")]

namespace Fulgur.Daemon;

/// <summary>
/// fulgurd: reads the options (interfaces.md §2), starts the node, and runs until <c>stop</c> or SIGTERM/SIGINT,
/// then shuts down cleanly and exits 0. Bad options or a node that cannot start: a clear message on stderr, exit 1.
/// </summary>
internal static class Program
{
    private const int ExitOk = 0;
    private const int ExitFailure = 1;

    public static async Task<int> Main(string[] args)
    {
        if (args.Contains("--help") || args.Contains("-h"))
        {
            Console.Out.Write(Usage());
            return ExitOk;
        }
        if (args.Contains("--version"))
        {
            Console.Out.WriteLine(NodeIdentity.Version);
            return ExitOk;
        }

        var home = Environment.GetEnvironmentVariable("HOME") ?? Environment.GetFolderPath(Environment.SpecialFolder.UserProfile);
        if (!ConfigLoader.TryLoad(args, home, out var config, out var error))
        {
            await Console.Error.WriteLineAsync($"fulgurd: {error}").ConfigureAwait(false);
            await Console.Error.WriteLineAsync("fulgurd: see fulgurd --help").ConfigureAwait(false);
            return ExitFailure;
        }

        TextWriterLogSink sink;
        try
        {
            sink = config.LogFile is null ? new TextWriterLogSink(Console.Error) : TextWriterLogSink.OpenFile(config.LogFile);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            await Console.Error.WriteLineAsync($"fulgurd: --log-file: cannot open {config.LogFile}: {e.Message}").ConfigureAwait(false);
            return ExitFailure;
        }

        var log = new NodeLog(sink, config.LogLevel, TimeProvider.System);
        var mainLog = log.For("lightningd");
        var signalled = new TaskCompletionSource<string>(TaskCreationOptions.RunContinuationsAsynchronously);
        void OnSignal(PosixSignalContext context)
        {
            // Handled here: the runtime must not terminate the process before the node has shut down.
            context.Cancel = true;
            signalled.TrySetResult(context.Signal.ToString());
        }
        using var sigterm = PosixSignalRegistration.Create(PosixSignal.SIGTERM, OnSignal);
        using var sigint = PosixSignalRegistration.Create(PosixSignal.SIGINT, OnSignal);

        NodeHost host;
        try
        {
            host = await NodeHost.StartAsync(config, log, TimeProvider.System, CancellationToken.None).ConfigureAwait(false);
        }
        catch (NodeStartException e)
        {
            mainLog.Broken(e.Message);
            if (config.LogFile is not null)
                await Console.Error.WriteLineAsync($"fulgurd: {e.Message}").ConfigureAwait(false);
            DisposeFileSink(config, sink);
            return ExitFailure;
        }

        var reason = await Task.WhenAny(host.StopRequested, signalled.Task).ConfigureAwait(false);
        mainLog.Info($"stopping: {await reason.ConfigureAwait(false)}");
        await host.StopAsync().ConfigureAwait(false);
        mainLog.Info("stopped");
        DisposeFileSink(config, sink);
        return ExitOk;
    }

    private static void DisposeFileSink(NodeConfig config, TextWriterLogSink sink)
    {
        if (config.LogFile is not null)
            sink.Dispose();
    }

    private static string Usage()
    {
        var text = new System.Text.StringBuilder();
        text.AppendLine("usage: fulgurd [--name=value ...]");
        text.AppendLine("Options may also stand, without the leading --, in DIR/config, DIR/<network>/config or --conf=FILE.");
        text.AppendLine();
        foreach (var option in NodeOptions.All)
        {
            var name = option.Kind == OptionKind.Flag ? "--" + option.Name : $"--{option.Name}=VALUE";
            text.AppendLine($"  {name,-30} {option.Description}");
        }
        text.AppendLine($"  {"--help",-30} this text");
        text.AppendLine($"  {"--version",-30} print the version");
        return text.ToString();
    }
}
