using Fulgur.Protocol.Types;
using System.Text;
using CsCheck;
using System.Text.Json;
using System.Text.Json.Nodes;
using Fulgur.Node.Rpc;
using Fulgur.Node.Tests.Support;

namespace Fulgur.Node.Tests.Rpc;

[System.Diagnostics.CodeAnalysis.SuppressMessage("Design", "CA1001", Justification = "disposed in DisposeAsync")]
public sealed class RpcServerTests : IAsyncLifetime
{
    private readonly TempDirectory _dir = new();
    private readonly Gate _gate = new();
    private RpcServer _server = null!;
    private string _socket = "";

    private sealed class Gate
    {
        public TaskCompletionSource Open { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
    }

    private sealed class EchoCommand() : RpcCommand("echo", "test", "returns its value",
        RpcParam.Required("value", RpcParamType.Json, "anything"),
        RpcParam.Optional("amount_msat", RpcParamType.MilliSatoshi, "an amount", null, "msatoshi"))
    {
        public override Task<JsonObject> ExecuteAsync(RpcArguments arguments, CancellationToken cancellationToken)
        {
            var result = new JsonObject { ["value"] = JsonNode.Parse(arguments.Get<JsonElement>("value").GetRawText()) };
            if (arguments.TryGet<MilliSatoshi>("amount_msat", out var amount))
                result["amount_msat"] = amount.Value;
            return Task.FromResult(result);
        }
    }

    private sealed class WaitCommand(Gate gate) : RpcCommand("wait", "test", "answers once release was called")
    {
        public override async Task<JsonObject> ExecuteAsync(RpcArguments arguments, CancellationToken cancellationToken)
        {
            await gate.Open.Task.WaitAsync(cancellationToken);
            return new JsonObject { ["waited"] = true };
        }
    }

    private sealed class ReleaseCommand(Gate gate) : RpcCommand("release", "test", "opens the gate")
    {
        public override Task<JsonObject> ExecuteAsync(RpcArguments arguments, CancellationToken cancellationToken)
        {
            gate.Open.TrySetResult();
            return Task.FromResult(new JsonObject { ["released"] = true });
        }
    }

    private sealed class BoomCommand() : RpcCommand("boom", "test", "fails")
    {
        public override Task<JsonObject> ExecuteAsync(RpcArguments arguments, CancellationToken cancellationToken) =>
            throw new InvalidOperationException("kaboom");
    }

    private sealed class RefuseCommand() : RpcCommand("refuse", "test", "fails with a command error")
    {
        public override Task<JsonObject> ExecuteAsync(RpcArguments arguments, CancellationToken cancellationToken) =>
            throw new RpcException(205, "no route", new JsonObject { ["why"] = "test" });
    }

    public Task InitializeAsync()
    {
        var registry = new RpcCommandRegistry();
        registry.Add(new EchoCommand());
        registry.Add(new WaitCommand(_gate));
        registry.Add(new ReleaseCommand(_gate));
        registry.Add(new BoomCommand());
        registry.Add(new RefuseCommand());
        var log = RecordingLogSink.Log(out _).For("jsonrpc");
        _server = new RpcServer(new RpcDispatcher(registry, log), log);
        _socket = _dir.Combine("lightning-rpc");
        _server.Start(_socket);
        return Task.CompletedTask;
    }

    public async Task DisposeAsync()
    {
        await _server.DisposeAsync();
        _dir.Dispose();
    }

    [Fact]
    public void Socket_is_created_with_mode_0600() =>
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(_socket));

    [Fact]
    public async Task Answers_a_request_followed_by_a_blank_line()
    {
        using var client = await RawRpcClient.ConnectAsync(_socket);
        await client.SendAsync(RawRpcClient.Request(1, "echo", "[\"hi\"]"));
        var response = await client.ReadAsync();
        Assert.Equal("2.0", response.GetProperty("jsonrpc").GetString());
        Assert.Equal(1, response.GetProperty("id").GetInt32());
        Assert.Equal("hi", response.GetProperty("result").GetProperty("value").GetString());
    }

    [Fact]
    public async Task Pipelined_requests_are_dispatched_without_waiting_for_earlier_ones()
    {
        using var client = await RawRpcClient.ConnectAsync(_socket);
        // One write, no delimiters: "wait" can only finish after "release", which comes after it on the same connection.
        await client.SendAsync(RawRpcClient.Request("a", "wait") + RawRpcClient.Request("b", "release") + RawRpcClient.Request("c", "echo", "[3]"));
        var ids = new List<string>();
        for (var i = 0; i < 3; i++)
            ids.Add((await client.ReadAsync()).GetProperty("id").GetString()!);
        Assert.Equal(["a", "b", "c"], ids.Order());
        Assert.True(ids.IndexOf("a") > ids.IndexOf("b"), $"wait answered before release: {string.Join(",", ids)}");
    }

    [Fact]
    public async Task Many_requests_in_one_write_all_answer()
    {
        using var client = await RawRpcClient.ConnectAsync(_socket);
        var batch = new StringBuilder();
        for (var i = 0; i < 200; i++)
            batch.Append(RawRpcClient.Request(i, "echo", $"[{i}]")).Append(i % 3 == 0 ? "\n" : "");
        await client.SendAsync(batch.ToString());
        var seen = new HashSet<int>();
        for (var i = 0; i < 200; i++)
        {
            var r = await client.ReadAsync();
            Assert.Equal(r.GetProperty("id").GetInt32(), r.GetProperty("result").GetProperty("value").GetInt32());
            seen.Add(r.GetProperty("id").GetInt32());
        }
        Assert.Equal(200, seen.Count);
    }

    [Fact]
    public async Task A_request_split_across_writes_is_reassembled()
    {
        using var client = await RawRpcClient.ConnectAsync(_socket);
        var bytes = Encoding.UTF8.GetBytes(RawRpcClient.Request(7, "echo", "[{\"nested\": [1, 2, \"three\"]}]"));
        foreach (var b in bytes)
            await client.SendAsync(new[] { b });
        var r = await client.ReadAsync();
        Assert.Equal(7, r.GetProperty("id").GetInt32());
        Assert.Equal("three", r.GetProperty("result").GetProperty("value").GetProperty("nested")[2].GetString());
    }

    [Fact]
    public async Task Concurrent_connections_are_served()
    {
        var tasks = Enumerable.Range(0, 25).Select(async n =>
        {
            using var client = await RawRpcClient.ConnectAsync(_socket);
            for (var i = 0; i < 5; i++)
            {
                await client.SendAsync(RawRpcClient.Request(i, "echo", $"[\"c{n}-{i}\"]"));
                var r = await client.ReadAsync();
                Assert.Equal($"c{n}-{i}", r.GetProperty("result").GetProperty("value").GetString());
            }
        });
        await Task.WhenAll(tasks);
    }

    [Fact]
    public async Task A_slow_request_on_one_connection_does_not_hold_up_another()
    {
        using var slow = await RawRpcClient.ConnectAsync(_socket);
        using var fast = await RawRpcClient.ConnectAsync(_socket);
        await slow.SendAsync(RawRpcClient.Request(1, "wait"));
        await fast.SendAsync(RawRpcClient.Request(2, "release"));
        Assert.True((await fast.ReadAsync()).GetProperty("result").GetProperty("released").GetBoolean());
        Assert.True((await slow.ReadAsync()).GetProperty("result").GetProperty("waited").GetBoolean());
    }

    [Fact]
    public async Task Malformed_json_gets_a_parse_error_then_the_connection_closes_and_the_server_keeps_working()
    {
        using (var client = await RawRpcClient.ConnectAsync(_socket))
        {
            await client.SendAsync(RawRpcClient.Request(1, "echo", "[1]") + "{\"id\": 2, \"method\": nonsense}");
            var first = await client.ReadAsync();
            Assert.Equal(1, first.GetProperty("id").GetInt32());
            var error = await client.ReadAsync();
            Assert.Equal(JsonValueKind.Null, error.GetProperty("id").ValueKind);
            Assert.Equal(RpcErrorCodes.ParseError, error.GetProperty("error").GetProperty("code").GetInt32());
            Assert.True(await client.IsClosedAsync());
        }
        using var next = await RawRpcClient.ConnectAsync(_socket);
        await next.SendAsync(RawRpcClient.Request(3, "echo", "[\"still here\"]"));
        Assert.Equal("still here", (await next.ReadAsync()).GetProperty("result").GetProperty("value").GetString());
    }

    [Fact]
    public async Task Invalid_utf8_and_binary_garbage_are_parse_errors()
    {
        using var client = await RawRpcClient.ConnectAsync(_socket);
        await client.SendAsync(new byte[] { 0xff, 0xfe, 0x00, 0x7b });
        Assert.Equal(RpcErrorCodes.ParseError, (await client.ReadAsync()).GetProperty("error").GetProperty("code").GetInt32());
        Assert.True(await client.IsClosedAsync());
    }

    [Fact]
    public async Task A_truncated_request_before_end_of_stream_is_a_parse_error()
    {
        using var client = await RawRpcClient.ConnectAsync(_socket);
        await client.SendAsync("{\"id\": 1, \"method\": \"ec");
        client.Shutdown();
        Assert.Equal(RpcErrorCodes.ParseError, (await client.ReadAsync()).GetProperty("error").GetProperty("code").GetInt32());
    }

    [Fact]
    public async Task Requests_written_before_a_half_close_are_still_answered()
    {
        using var client = await RawRpcClient.ConnectAsync(_socket);
        await client.SendAsync(RawRpcClient.Request(1, "echo", "[1]") + RawRpcClient.Request(2, "echo", "[2]"));
        client.Shutdown();
        Assert.Equal(2, new[] { await client.ReadAsync(), await client.ReadAsync() }.Length);
        Assert.True(await client.IsClosedAsync());
    }

    [Theory]
    [InlineData("[1, 2]", RpcErrorCodes.InvalidRequest)]
    [InlineData("\"text\"", RpcErrorCodes.InvalidRequest)]
    [InlineData("{\"method\": \"echo\", \"params\": [1]}", RpcErrorCodes.InvalidRequest)]
    [InlineData("{\"id\": 1, \"params\": [1]}", RpcErrorCodes.InvalidRequest)]
    [InlineData("{\"id\": 1, \"method\": 5}", RpcErrorCodes.InvalidRequest)]
    [InlineData("{\"id\": 1, \"jsonrpc\": \"1.0\", \"method\": \"echo\", \"params\": [1]}", RpcErrorCodes.InvalidRequest)]
    [InlineData("{\"id\": {\"x\": 1}, \"method\": \"echo\", \"params\": [1]}", RpcErrorCodes.InvalidRequest)]
    [InlineData("{\"id\": 1, \"method\": \"nope\"}", RpcErrorCodes.MethodNotFound)]
    [InlineData("{\"id\": 1, \"method\": \"echo\"}", RpcErrorCodes.InvalidParams)]
    [InlineData("{\"id\": 1, \"method\": \"echo\", \"params\": {\"value\": 1, \"extra\": 2}}", RpcErrorCodes.InvalidParams)]
    [InlineData("{\"id\": 1, \"method\": \"echo\", \"params\": {\"value\": 1, \"msatoshi\": \"many\"}}", RpcErrorCodes.InvalidParams)]
    [InlineData("{\"id\": 1, \"method\": \"echo\", \"params\": 5}", RpcErrorCodes.InvalidParams)]
    [InlineData("{\"id\": 1, \"method\": \"boom\"}", RpcErrorCodes.Generic)]
    [InlineData("{\"id\": 1, \"method\": \"refuse\"}", 205)]
    public async Task Bad_requests_get_their_error_code_and_the_connection_keeps_working(string request, int code)
    {
        using var client = await RawRpcClient.ConnectAsync(_socket);
        await client.SendAsync(request);
        var error = await client.ReadAsync();
        Assert.Equal(code, error.GetProperty("error").GetProperty("code").GetInt32());
        Assert.False(string.IsNullOrEmpty(error.GetProperty("error").GetProperty("message").GetString()));
        await client.SendAsync(RawRpcClient.Request(9, "echo", "[\"ok\"]"));
        Assert.Equal("ok", (await client.ReadAsync()).GetProperty("result").GetProperty("value").GetString());
    }

    [Fact]
    public async Task Error_messages_name_the_parameter_and_carry_data()
    {
        using var client = await RawRpcClient.ConnectAsync(_socket);
        await client.SendAsync("{\"id\": 1, \"method\": \"echo\", \"params\": {\"value\": 1, \"msatoshi\": \"many\"}}");
        var message = (await client.ReadAsync()).GetProperty("error").GetProperty("message").GetString();
        Assert.StartsWith("msatoshi: should be an amount", message, StringComparison.Ordinal);
        await client.SendAsync("{\"id\": 2, \"method\": \"refuse\"}");
        var error = (await client.ReadAsync()).GetProperty("error");
        Assert.Equal("test", error.GetProperty("data").GetProperty("why").GetString());
        await client.SendAsync("{\"id\": 3, \"method\": \"nope\"}");
        Assert.Equal("Unknown command 'nope'", (await client.ReadAsync()).GetProperty("error").GetProperty("message").GetString());
    }

    [Fact]
    public async Task Named_parameters_accept_aliases()
    {
        using var client = await RawRpcClient.ConnectAsync(_socket);
        await client.SendAsync("{\"id\": \"x\", \"method\": \"echo\", \"params\": {\"value\": null, \"msatoshi\": \"2sat\"}}");
        var error = await client.ReadAsync();
        Assert.Equal(RpcErrorCodes.InvalidParams, error.GetProperty("error").GetProperty("code").GetInt32());
        await client.SendAsync("{\"id\": \"y\", \"method\": \"echo\", \"params\": {\"value\": 0, \"msatoshi\": \"2sat\"}}");
        Assert.Equal(2000, (await client.ReadAsync()).GetProperty("result").GetProperty("amount_msat").GetInt32());
    }

    [Fact]
    public async Task Random_bytes_never_take_the_server_down()
    {
        var gen = Gen.OneOf(
            Gen.Byte.Array[0, 300],
            Gen.String[0, 200].Select(s => Encoding.UTF8.GetBytes(s)),
            Gen.Int[0, 1000].Select(i => Encoding.UTF8.GetBytes(RawRpcClient.Request(i, "echo", "[1]")[..(i % 40)])));
        await gen.SampleAsync(async bytes =>
        {
            using var client = await RawRpcClient.ConnectAsync(_socket);
            await client.SendAsync(bytes);
            client.Shutdown();
            while (await client.ReadRawAsync() is { } response)
                Assert.StartsWith("{\"jsonrpc\":\"2.0\"", response, StringComparison.Ordinal);
        }, iter: 150);
        using var after = await RawRpcClient.ConnectAsync(_socket);
        await after.SendAsync(RawRpcClient.Request(1, "echo", "[\"alive\"]"));
        Assert.Equal("alive", (await after.ReadAsync()).GetProperty("result").GetProperty("value").GetString());
    }

    [Fact]
    public async Task Stopping_answers_cancelled_requests_and_closes_connections()
    {
        using var client = await RawRpcClient.ConnectAsync(_socket);
        await client.SendAsync(RawRpcClient.Request(1, "wait"));
        // Make sure the wait is in flight before stopping: an echo sent after it has been answered.
        await client.SendAsync(RawRpcClient.Request(2, "echo", "[0]"));
        Assert.Equal(2, (await client.ReadAsync()).GetProperty("id").GetInt32());
        await _server.StopAsync();
        var answer = await client.ReadAsync();
        Assert.Equal(RpcErrorCodes.Generic, answer.GetProperty("error").GetProperty("code").GetInt32());
        Assert.True(await client.IsClosedAsync());
        Assert.False(File.Exists(_socket));
    }
}
