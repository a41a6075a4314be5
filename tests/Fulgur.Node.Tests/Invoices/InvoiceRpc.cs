using System.Text.Json;
using Fulgur.Node.Invoices;
using Fulgur.Node.Rpc.Commands;
using Fulgur.Node.Tests.Support;

namespace Fulgur.Node.Tests.Invoices;

/// <summary>Calls a node's JSON-RPC over its socket; answers either the result or the error object.</summary>
internal static class InvoiceRpc
{
    public static readonly TimeSpan WaitLimit = TimeSpan.FromSeconds(30);

    public static async Task<JsonElement> CallAsync(NodeHost host, string method, string parameters)
    {
        using var client = await RawRpcClient.ConnectAsync(host.Context.Config.RpcSocketPath);
        await client.SendAsync(RawRpcClient.Request(1, method, parameters));
        return await client.ReadAsync(WaitLimit);
    }

    public static async Task<JsonElement> ResultAsync(NodeHost host, string method, string parameters)
    {
        var response = await CallAsync(host, method, parameters);
        Assert.True(response.TryGetProperty("result", out var result), $"{method} {parameters} failed: {response}");
        return result;
    }

    /// <summary>The error of a call that must fail with <paramref name="code"/>.</summary>
    public static async Task<JsonElement> ErrorAsync(NodeHost host, string method, string parameters, int code)
    {
        var response = await CallAsync(host, method, parameters);
        Assert.True(response.TryGetProperty("error", out var error), $"{method} {parameters} should fail with {code}: {response}");
        Assert.Equal(code, error.GetProperty("code").GetInt32());
        return error;
    }

    public static InvoiceService Service(NodeHost host) => host.Context.Commands.All.OfType<InvoiceCommand>().Single().Invoices;
}
