using System.Runtime.CompilerServices;
using System.Text.Json;
using System.Text.Json.Nodes;
using Fulgur.Node.Chain;

namespace Fulgur.Node.Tests.Support;

/// <summary>A fulgur-devchain process for process-level tests; skips the test when the binary is not built.</summary>
internal sealed class DevChainProcess : IDisposable
{
    public static readonly TimeSpan Timeout = TimeSpan.FromSeconds(60);

    private DevChainProcess(ChildProcess process, int port, BitcoindClient client)
    {
        Process = process;
        Port = port;
        Client = client;
    }

    public ChildProcess Process { get; }
    public int Port { get; }
    public BitcoindClient Client { get; }

    /// <summary>The node options pointing at this chain, polled every second.</summary>
    public string[] NodeArgs => [$"--bitcoin-rpcport={Port}", "--bitcoin-rpcuser=dev", "--bitcoin-rpcpassword=chain", "--dev-bitcoind-poll=1"];

    private static string? BinaryPath([CallerFilePath] string source = "")
    {
        var fromEnv = Environment.GetEnvironmentVariable("FULGUR_DEVCHAIN");
        if (!string.IsNullOrEmpty(fromEnv))
            return fromEnv;
        var path = Path.Combine(Path.GetFullPath(Path.Combine(Path.GetDirectoryName(source)!, "..", "..", "..")), "out", "fulgur-devchain");
        return File.Exists(path) ? path : null;
    }

    public static async Task<DevChainProcess> StartAsync(string datadir)
    {
        var path = BinaryPath();
        Skip.If(path is null, "fulgur-devchain not built (set FULGUR_DEVCHAIN or run ./fulgur build)");
        var port = Fulgur.Node.Tests.Chain.FakeBitcoind.FreePort();
        var child = ChildProcess.Start(path!, [$"--datadir={datadir}", $"--rpcport={port}", "--rpcuser=dev", "--rpcpassword=chain"], home: datadir);
        try
        {
            await child.WaitForStderrLineAsync(l => l.Contains("ready", StringComparison.Ordinal), Timeout);
        }
        catch
        {
            child.Dispose();
            throw;
        }
        var client = new BitcoindClient(new BitcoindEndpoint(new Uri($"http://127.0.0.1:{port}/"), "dev", "chain", "/nonexistent"), Timeout);
        return new DevChainProcess(child, port, client);
    }

    public async Task<JsonElement> CallAsync(string method, JsonArray parameters) => await Client.CallAsync(method, parameters, CancellationToken.None);

    public async Task MineAsync(int blocks)
    {
        var address = (await CallAsync("getnewaddress", [])).GetString()!;
        await CallAsync("generatetoaddress", [blocks, address]);
    }

    public void Dispose()
    {
        Client.Dispose();
        Process.Dispose();
    }
}
