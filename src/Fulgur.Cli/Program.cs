using System.Net.Sockets;
using System.Runtime.Versioning;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;

[assembly: UnsupportedOSPlatform("windows")]

namespace Fulgur.Cli;

/// <summary>
/// fulgur-cli, like lightning-cli (interfaces.md §7): sends one JSON-RPC request to fulgurd's Unix socket and prints
/// the result as pretty JSON (or <c>-H</c> text). Exit status: 0 success, 1 the node returned an error (its JSON is
/// printed on stdout), 2 the node could not be reached, 3 usage error.
/// </summary>
internal static class Program
{
    internal const int ExitOk = 0;
    internal const int ExitRpcError = 1;
    internal const int ExitUnreachable = 2;
    internal const int ExitUsage = 3;

    private static readonly JsonSerializerOptions Pretty = new()
    {
        WriteIndented = true,
        IndentSize = 3,
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    public static async Task<int> Main(string[] args)
    {
        if (!CliArguments.TryParse(args, out var cli, out var error))
        {
            await Console.Error.WriteLineAsync($"fulgur-cli: {error}").ConfigureAwait(false);
            await Console.Error.WriteAsync(Usage).ConfigureAwait(false);
            return ExitUsage;
        }
        if (cli.Method is null)
        {
            await Console.Out.WriteAsync(Usage).ConfigureAwait(false);
            return ExitOk;
        }

        var home = Environment.GetEnvironmentVariable("HOME") ?? Environment.GetFolderPath(Environment.SpecialFolder.UserProfile);
        var socketPath = SocketLocation.Resolve(cli, home);
        var request = new JsonObject
        {
            ["jsonrpc"] = "2.0",
            ["id"] = $"fulgur-cli:{cli.Method}#{Environment.ProcessId}",
            ["method"] = cli.Method,
            ["params"] = cli.Params,
        };

        if (!File.Exists(socketPath))
        {
            await Console.Error.WriteLineAsync($"fulgur-cli: cannot connect to '{socketPath}': no such socket (is fulgurd running?)")
                .ConfigureAwait(false);
            return ExitUnreachable;
        }

        JsonDocument response;
        try
        {
            response = await CallAsync(socketPath, Encoding.UTF8.GetBytes(request.ToJsonString())).ConfigureAwait(false);
        }
        catch (Exception e) when (e is SocketException or ArgumentException)
        {
            await Console.Error.WriteLineAsync($"fulgur-cli: cannot connect to '{socketPath}': {e.Message}").ConfigureAwait(false);
            return ExitUnreachable;
        }
        catch (Exception e) when (e is IOException or JsonException)
        {
            await Console.Error.WriteLineAsync($"fulgur-cli: lost the connection to '{socketPath}': {e.Message}").ConfigureAwait(false);
            return ExitUnreachable;
        }

        using (response)
        {
            var root = JsonNode.Parse(response.RootElement.GetRawText());
            if (root?["error"] is { } rpcError)
            {
                await Console.Out.WriteLineAsync(rpcError.ToJsonString(Pretty)).ConfigureAwait(false);
                return ExitRpcError;
            }
            var result = root?["result"];
            var text = cli.HumanReadable ? HumanReadable.Render(cli.Method, result) : (result?.ToJsonString(Pretty) ?? "null") + "\n";
            await Console.Out.WriteAsync(text).ConfigureAwait(false);
            return ExitOk;
        }
    }

    /// <summary>Sends the request and reads exactly one JSON value back.</summary>
    private static async Task<JsonDocument> CallAsync(string socketPath, byte[] request)
    {
        using var socket = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
        await socket.ConnectAsync(new UnixDomainSocketEndPoint(socketPath)).ConfigureAwait(false);
        await using var stream = new NetworkStream(socket, ownsSocket: false);
        await stream.WriteAsync(request).ConfigureAwait(false);
        await stream.FlushAsync().ConfigureAwait(false);

        var buffer = new byte[64 * 1024];
        var length = 0;
        while (true)
        {
            if (length == buffer.Length)
                Array.Resize(ref buffer, buffer.Length * 2);
            var read = await stream.ReadAsync(buffer.AsMemory(length)).ConfigureAwait(false);
            var final = read == 0;
            length += read;
            var reader = new Utf8JsonReader(buffer.AsSpan(0, length), final, new JsonReaderState(new JsonReaderOptions { AllowMultipleValues = true }));
            if (JsonDocument.TryParseValue(ref reader, out var document))
                return document;
            if (final)
                throw new IOException("the node closed the connection before answering");
        }
    }

    internal const string Usage = """
        usage: fulgur-cli [--lightning-dir=DIR] [--network=NAME] [--rpc-file=NAME] [-k|--keywords] [-o|--order]
                          [-H|--human-readable] METHOD [PARAMS...]
          -k, --keywords        every parameter is name=value
          -o, --order           parameters by position (the default)
          -H, --human-readable  text instead of JSON
          A parameter that parses as a JSON number, array, object, true, false or null is sent as such; else as a string.
          Exit status: 0 success, 1 the node returned an error, 2 the node could not be reached, 3 usage error.

        """;
}
