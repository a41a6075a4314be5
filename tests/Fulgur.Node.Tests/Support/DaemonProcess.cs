using System.Text.Json;
using System.Text.RegularExpressions;

namespace Fulgur.Node.Tests.Support;

/// <summary>A fulgurd apphost started in a temp lightning-dir, ready once its ready line appeared.</summary>
public sealed partial class DaemonProcess : IDisposable
{
    private DaemonProcess(ChildProcess process, string lightningDir, string nodeId)
    {
        Process = process;
        LightningDir = lightningDir;
        NodeId = nodeId;
    }

    public ChildProcess Process { get; }
    public string LightningDir { get; }
    public string NodeId { get; }

    [GeneratedRegex("Server started with public key ([0-9a-f]{66}), alias (.+)$")]
    public static partial Regex ReadyLine();

    /// <summary>Starts fulgurd and waits (with a timeout) for <c>Server started with public key …</c>.</summary>
    public static async Task<DaemonProcess> StartAsync(string lightningDir, params string[] extraArgs)
    {
        // Tests listen on a free port unless they say otherwise, so parallel daemons never fight over the default one.
        string[] listen = extraArgs.Any(a => a.StartsWith("--addr=", StringComparison.Ordinal)) ? [] : ["--addr=127.0.0.1:0"];
        var child = ChildProcess.Start(ProcessPaths.Fulgurd, [$"--lightning-dir={lightningDir}", .. listen, .. extraArgs], home: lightningDir);
        try
        {
            var line = await child.WaitForStderrLineAsync(l => ReadyLine().IsMatch(l));
            return new DaemonProcess(child, lightningDir, ReadyLine().Match(line).Groups[1].Value);
        }
        catch
        {
            child.Dispose();
            throw;
        }
    }

    /// <summary>Runs fulgur-cli against this daemon.</summary>
    public Task<ProcessResult> CliAsync(params string[] args) =>
        ChildProcess.RunAsync(ProcessPaths.FulgurCli, [$"--lightning-dir={LightningDir}", .. args], home: LightningDir);

    public async Task<JsonElement> CliJsonAsync(params string[] args)
    {
        var result = await CliAsync(args);
        Assert.True(result.ExitCode == 0, $"fulgur-cli {string.Join(' ', args)} exited {result.ExitCode}: {result.Stdout}{result.Stderr}");
        using var doc = JsonDocument.Parse(result.Stdout);
        return doc.RootElement.Clone();
    }

    public void Dispose() => Process.Dispose();
}
