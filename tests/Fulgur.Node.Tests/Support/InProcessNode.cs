using Fulgur.Node.Config;

namespace Fulgur.Node.Tests.Support;

/// <summary>An in-process <see cref="NodeHost"/> in a temp lightning-dir (real hsm_secret, SQLite file and socket).</summary>
public sealed class InProcessNode : IAsyncDisposable
{
    private InProcessNode(TempDirectory dir, NodeHost host, RecordingLogSink log)
    {
        Directory = dir;
        Host = host;
        Log = log;
    }

    public TempDirectory Directory { get; }
    public NodeHost Host { get; }
    public RecordingLogSink Log { get; }

    public static NodeConfig Config(TempDirectory dir, params string[] args)
    {
        // Tests listen on a free port unless they say otherwise, so parallel nodes never fight over the default one.
        string[] listen = args.Any(a => a.StartsWith("--addr=", StringComparison.Ordinal)) ? [] : ["--addr=127.0.0.1:0"];
        Assert.True(ConfigLoader.TryLoad([$"--lightning-dir={dir.Path}", .. listen, .. args], dir.Path, out var config, out var error), error);
        return config;
    }

    public static async Task<InProcessNode> StartAsync(params string[] args)
    {
        var dir = new TempDirectory();
        try
        {
            var log = RecordingLogSink.Log(out var sink);
            var host = await NodeHost.StartAsync(Config(dir, args), log, TimeProvider.System, CancellationToken.None);
            return new InProcessNode(dir, host, sink);
        }
        catch
        {
            dir.Dispose();
            throw;
        }
    }

    public async ValueTask DisposeAsync()
    {
        await Host.DisposeAsync();
        Directory.Dispose();
    }
}
