using System.Globalization;
using System.Security.Cryptography;
using System.Text.Json.Nodes;
using Spectre.Console;

namespace Fulgur.Demo;

/// <summary>
/// The story <c>./fulgur demo</c> tells, one real step after another: a regtest chain, five nodes in a diamond
/// (alice → bob, then two ways to erin: through carol, the cheap one, or through dave), channels funded on chain and
/// announced by gossip, a payment with <c>sendpay</c> along the route <c>getroute</c> chose, a drained channel that
/// makes the next payment fail with error 204 naming the hop and channel, the route table learning from it so that
/// <c>getroute</c> finds the other way, and <c>pay</c> doing all of that by itself. Each step checks that what it
/// claims really happened; the demo exits 0 only if every one did.
/// </summary>
internal sealed class DemoRunner(DemoOptions options, IAnsiConsole console, TextWriter? jsonLog)
{
    private static readonly string[] Names = ["alice", "bob", "carol", "dave", "erin", "frank", "grace", "heidi"];
    private const int Alice = 0, Bob = 1, Carol = 2, Dave = 3, Erin = 4;
    private const long FundingSat = 5_000_000;
    private const long ChannelSat = 1_000_000;
    private const long PaymentMsat = 50_000_000;
    // Dave asks ten times the default base fee, so that the path through carol is the cheaper one.
    private const long DaveFeeBaseMsat = 10_000;
    private static readonly CultureInfo Invariant = CultureInfo.InvariantCulture;

    private DemoNetwork _network = null!;
    private CancellationToken _cancellationToken;

    /// <summary>The channels, as (funder, peer) node indexes: the diamond, then a line from erin for extra nodes.</summary>
    private List<(int From, int To)> Edges { get; } = [];

    /// <summary>short_channel_id of each edge, once the channels are open.</summary>
    private Dictionary<(int From, int To), string> Scids { get; } = [];

    public async Task<int> RunAsync(CancellationToken cancellationToken)
    {
        var workDir = options.WorkDir ?? Directory.CreateTempSubdirectory("fulgur-demo-").FullName;
        var code = await RunInAsync(workDir, cancellationToken);
        // A clean run leaves nothing behind; a failed or kept one keeps its logs and data.
        if (code == 0 && !options.Keep && options.WorkDir is null)
            Directory.Delete(workDir, recursive: true);
        return code;
    }

    private async Task<int> RunInAsync(string workDir, CancellationToken cancellationToken)
    {
        await using var network = new DemoNetwork(options.BinDir, workDir) { Keep = options.Keep };
        _network = network;
        _cancellationToken = cancellationToken;
        Edges.AddRange([(Alice, Bob), (Bob, Carol), (Bob, Dave), (Carol, Erin), (Dave, Erin)]);
        for (var i = Erin; i + 1 < options.Nodes; i++)
            Edges.Add((i, i + 1));

        console.Write(new Rule("[yellow]Fulgur[/]: a Lightning network paying across itself, on a throw-away regtest chain").LeftJustified());
        console.MarkupLineInterpolated($"[grey]working directory {workDir}[/]");
        try
        {
            await StepAsync("chain", "Start the regtest chain (fulgur-devchain) and mine 101 blocks", StartChainAsync);
            await StepAsync("nodes", $"Start {options.Nodes} fulgurd nodes", StartNodesAsync);
            await StepAsync("connect", "Connect them over BOLT 8 (Noise_XK handshake, then init)", ConnectAsync);
            await StepAsync("fund", "Fund each node's on-chain wallet from the devchain faucet", FundWalletsAsync);
            await StepAsync("channels", "Open the channels (BOLT 2 over BOLT 8, funding transactions mined on chain)", OpenChannelsAsync);
            var before = await ChannelBalancesAsync();
            await StepAsync("gossip", "Bury the fundings 6 deep and let BOLT 7 gossip announce channels and nodes", GossipAsync);

            var invoice = await StepAsync("invoice", $"erin issues an invoice for {Sat(PaymentMsat)} sat", () => InvoiceAsync("demo-1", PaymentMsat));
            var route = await StepAsync("getroute", "alice asks getroute for the cheapest route to erin",
                () => GetRouteAsync(Alice, Erin, PaymentMsat, expectVia: Carol));
            await StepAsync("sendpay", "alice sends the payment along that route with sendpay", () => SendPayAsync(route.Value, invoice, "demo-1"));

            await StepAsync("drain", "carol pays erin most of what she holds in the carol → erin channel", DrainAsync);
            var second = await StepAsync("failure", "alice pays erin again: the route still goes through carol, who cannot forward",
                () => FailAtCarolAsync("demo-2"));
            var reroute = await StepAsync("reroute", "getroute again: the route table learnt from the failure",
                () => GetRouteAsync(Alice, Erin, PaymentMsat, expectVia: Dave));
            await StepAsync("retry", "sendpay the same payment along the new route", () => SendPayAsync(reroute.Value, second.Value, "demo-2"));
            await StepAsync("pay", "pay: one command decodes a fresh invoice, finds a route and sends", PayAsync);
            await StepAsync("balances", "Channel balances before and after", () => BalancesAsync(before));

            if (options.Keep)
                PrintKeepInstructions();
            Log("done", true, "every step behaved as stated");
            return 0;
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            console.MarkupLineInterpolated($"[red]failed:[/] {e.Message}");
            console.MarkupLineInterpolated($"[grey]logs are in {workDir}[/]");
            network.Keep = false;
            return 1;
        }
    }

    private DemoNode Node(int index) => _network.Nodes[index];

    private string NameOf(string nodeId) => _network.Nodes.FirstOrDefault(n => n.Id == nodeId)?.Name ?? nodeId[..16] + "…";

    private string Scid(int from, int to) => Scids.TryGetValue((from, to), out var scid) ? scid : Scids[(to, from)];

    private Task<JsonNode> CallAsync(int node, string method, params (string Name, JsonNode? Value)[] parameters) =>
        Node(node).Rpc.CallAsync(method, DemoNetwork.Params(parameters), _cancellationToken);

    private async Task<string> StartChainAsync()
    {
        await _network.StartChainAsync(_cancellationToken);
        await _network.MineAsync(101);
        var height = (await _network.Chain.CallAsync("getblockcount"))!.GetValue<long>();
        return $"height {height}, JSON-RPC on 127.0.0.1:{_network.ChainPort}";
    }

    private async Task<string> StartNodesAsync()
    {
        for (var i = 0; i < options.Nodes; i++)
        {
            string[] extra = i == Dave ? [$"--fee-base={DaveFeeBaseMsat}"] : [];
            await _network.StartNodeAsync(Names[i], extra, _cancellationToken);
        }
        var table = new Table().AddColumns("node", "id", "listening on", "base fee (msat)");
        foreach (var (node, i) in _network.Nodes.Select((n, i) => (n, i)))
            table.AddRow(node.Name, node.Id[..20] + "…", $"127.0.0.1:{node.Port}", i == Dave ? $"{DaveFeeBaseMsat:N0}" : "1,000");
        console.Write(table);
        return $"{_network.Nodes.Count} nodes answering getinfo";
    }

    private async Task<string> ConnectAsync()
    {
        foreach (var (fromIndex, toIndex) in Edges)
        {
            var (from, to) = (Node(fromIndex), Node(toIndex));
            await from.Rpc.CallAsync("connect", DemoNetwork.Params(("id", $"{to.Id}@127.0.0.1:{to.Port}")), _cancellationToken);
            await DemoNetwork.WaitAsync($"{to.Name} to list {from.Name}", async () =>
                (await to.Rpc.CallAsync("listpeers", cancellationToken: _cancellationToken))["peers"]!.AsArray()
                    .Any(p => p!["id"]!.GetValue<string>() == from.Id && p["connected"]!.GetValue<bool>()), _cancellationToken);
            console.MarkupLineInterpolated($"  {from.Name} → {to.Name}: connected, both list each other");
        }
        return $"{Edges.Count} connections";
    }

    private async Task<string> FundWalletsAsync()
    {
        // One output per channel a node will fund: the wallet spends confirmed outputs only.
        foreach (var (node, i) in _network.Nodes.Select((n, i) => (n, i)))
        {
            var outputs = Math.Max(1, Edges.Count(e => e.From == i));
            for (var k = 0; k < outputs; k++)
            {
                var address = (await node.Rpc.CallAsync("newaddr", cancellationToken: _cancellationToken))["bech32"]!.GetValue<string>();
                await _network.Chain.CallAsync("sendtoaddress", address, FundingSat / 100_000_000m);
            }
        }
        await _network.MineAsync(1);
        foreach (var (node, i) in _network.Nodes.Select((n, i) => (n, i)))
        {
            var expected = FundingSat * Math.Max(1, Edges.Count(e => e.From == i));
            await DemoNetwork.WaitAsync($"{node.Name}'s funds to confirm", async () => await DemoNetwork.ConfirmedSatAsync(node) == expected,
                _cancellationToken);
        }
        return $"every wallet funded with confirmed outputs of {FundingSat:N0} sat";
    }

    private async Task<string> OpenChannelsAsync()
    {
        foreach (var (from, to) in Edges)
            await CallAsync(from, "fundchannel", ("id", Node(to).Id), ("amount", ChannelSat));
        await _network.MineAsync(1);
        var table = new Table().AddColumns("channel", "short_channel_id", "state", "funder's balance (msat)");
        foreach (var (from, to) in Edges)
        {
            JsonNode? channel = null;
            await DemoNetwork.WaitAsync($"{Node(from).Name} → {Node(to).Name} to be CHANNELD_NORMAL on both sides", async () =>
            {
                channel = await ChannelAsync(from, to);
                return channel is not null && await ChannelAsync(to, from) is not null;
            }, _cancellationToken);
            Scids[(from, to)] = channel!["short_channel_id"]!.GetValue<string>();
            table.AddRow($"{Node(from).Name} → {Node(to).Name}", Scids[(from, to)], "CHANNELD_NORMAL", Msat(channel["to_us_msat"]).ToString("N0", Invariant));
        }
        console.Write(table);
        return $"{Edges.Count} channels of {ChannelSat:N0} sat, usable on both sides";
    }

    private async Task<string> GossipAsync()
    {
        await _network.MineAsync(5);
        var directions = 2 * Edges.Count;
        foreach (var (node, i) in _network.Nodes.Select((n, i) => (n, i)))
        {
            await DemoNetwork.WaitAsync($"{node.Name} to learn all {directions} channel directions and {_network.Nodes.Count} nodes", async () =>
            {
                var channels = (await CallAsync(i, "listchannels"))["channels"]!.AsArray();
                var nodes = (await CallAsync(i, "listnodes"))["nodes"]!.AsArray();
                return channels.Count(c => c!["public"]!.GetValue<bool>()) == directions && nodes.Count(n => n!["alias"] is not null) == _network.Nodes.Count;
            }, _cancellationToken);
        }
        var table = new Table().AddColumns("short_channel_id", "from", "to", "base fee (msat)", "fee (ppm)", "cltv delta");
        foreach (var channel in (await CallAsync(Alice, "listchannels"))["channels"]!.AsArray().OrderBy(c => c!["short_channel_id"]!.GetValue<string>()))
        {
            table.AddRow(channel!["short_channel_id"]!.GetValue<string>(), NameOf(channel["source"]!.GetValue<string>()),
                NameOf(channel["destination"]!.GetValue<string>()), channel["base_fee_millisatoshi"]!.ToJsonString(),
                channel["fee_per_millionth"]!.ToJsonString(), channel["delay"]!.ToJsonString());
        }
        console.Write(table);
        return $"every node knows {directions} channel directions and {_network.Nodes.Count} node announcements";
    }

    private async Task<Invoice> InvoiceAsync(string label, long msat)
    {
        var result = await CallAsync(Erin, "invoice", ("msatoshi", msat), ("label", label), ("description", $"Fulgur demo {label}"));
        var invoice = new Invoice(result["bolt11"]!.GetValue<string>(), result["payment_hash"]!.GetValue<string>(),
            result["payment_secret"]!.GetValue<string>());
        console.MarkupLineInterpolated($"  bolt11 [grey]{invoice.Bolt11[..48]}…[/]");
        console.MarkupLineInterpolated($"  payment_hash [grey]{invoice.PaymentHash}[/]");
        return invoice;
    }

    private async Task<DemoResult<JsonArray>> GetRouteAsync(int from, int to, long msat, int expectVia)
    {
        var route = (await CallAsync(from, "getroute", ("id", Node(to).Id), ("msatoshi", msat), ("riskfactor", 1), ("fuzzpercent", 0)))["route"]!.AsArray();
        PrintRoute(route);
        var via = route.Select(h => h!["id"]!.GetValue<string>()).ToList();
        if (!via.Contains(Node(expectVia).Id) || via[^1] != Node(to).Id)
            throw new InvalidOperationException($"expected a route through {Names[expectVia]}, got {string.Join(" → ", via.Select(NameOf))}");
        var fee = Msat(route[0]!["amount_msat"]) - msat;
        return new(route, $"{Names[from]} → {string.Join(" → ", via.Select(NameOf))}, fee {fee:N0} msat, first hop locked for {route[0]!["delay"]} blocks");
    }

    private void PrintRoute(JsonArray route)
    {
        var table = new Table().AddColumns("hop", "node", "channel", "amount (msat)", "delay");
        for (var i = 0; i < route.Count; i++)
        {
            var hop = route[i]!;
            table.AddRow((i + 1).ToString(Invariant), NameOf(hop["id"]!.GetValue<string>()), hop["channel"]!.GetValue<string>(),
                Msat(hop["amount_msat"]).ToString("N0", Invariant), hop["delay"]!.ToJsonString());
        }
        console.Write(table);
    }

    private async Task<string> SendPayAsync(JsonArray route, Invoice invoice, string label)
    {
        var result = await CallAsync(Alice, "sendpay", ("route", route.DeepClone()), ("payment_hash", invoice.PaymentHash),
            ("payment_secret", invoice.PaymentSecret), ("bolt11", invoice.Bolt11));
        var preimage = CheckPreimage(result, invoice.PaymentHash);
        var paid = (await CallAsync(Erin, "listinvoices", ("label", label)))["invoices"]!.AsArray().Single()!;
        if (paid["status"]!.GetValue<string>() != "paid")
            throw new InvalidOperationException($"erin's invoice {label} is {paid["status"]} after sendpay succeeded");
        console.MarkupLineInterpolated($"  preimage [grey]{preimage}[/]: SHA256 of it is the payment hash ✓");
        return $"status {result["status"]}, erin's invoice {label} is paid (pay_index {paid["pay_index"]}), alice sent {Msat(result["amount_sent_msat"]):N0} msat";
    }

    private static string CheckPreimage(JsonNode result, string paymentHash)
    {
        if (result["status"]?.GetValue<string>() != "complete")
            throw new InvalidOperationException($"payment status is {result["status"]}, not complete");
        var preimage = result["payment_preimage"]!.GetValue<string>();
        var hash = Convert.ToHexStringLower(SHA256.HashData(Convert.FromHexString(preimage)));
        return hash == paymentHash ? preimage : throw new InvalidOperationException($"preimage {preimage} does not hash to {paymentHash}");
    }

    private async Task<string> DrainAsync()
    {
        var channel = await ChannelAsync(Carol, Erin) ?? throw new InvalidOperationException("carol has no channel with erin");
        var spendable = Msat(channel["spendable_msat"]);
        // Leave carol less than one payment, so the next payment through her cannot be forwarded.
        var amount = spendable - (PaymentMsat / 2);
        var erin = Node(Erin);
        var invoice = await erin.Rpc.CallAsync("invoice", DemoNetwork.Params(("msatoshi", amount), ("label", "drain"), ("description", "drain")), _cancellationToken);
        var route = new JsonArray(new JsonObject
        {
            ["id"] = erin.Id, ["channel"] = Scid(Carol, Erin), ["msatoshi"] = amount, ["delay"] = 18,
        });
        var result = await CallAsync(Carol, "sendpay", ("route", route), ("payment_hash", invoice["payment_hash"]!.GetValue<string>()),
            ("payment_secret", invoice["payment_secret"]!.GetValue<string>()));
        CheckPreimage(result, invoice["payment_hash"]!.GetValue<string>());
        var left = Msat((await ChannelAsync(Carol, Erin))!["spendable_msat"]);
        return $"carol paid erin {amount:N0} msat directly; carol can now send only {left:N0} msat towards erin (gossip announces capacity, not balances)";
    }

    private async Task<DemoResult<Invoice>> FailAtCarolAsync(string label)
    {
        var invoice = await InvoiceAsync(label, PaymentMsat);
        var route = await GetRouteAsync(Alice, Erin, PaymentMsat, expectVia: Carol);
        try
        {
            await CallAsync(Alice, "sendpay", ("route", route.Value.DeepClone()), ("payment_hash", invoice.PaymentHash),
                ("payment_secret", invoice.PaymentSecret), ("bolt11", invoice.Bolt11));
        }
        catch (RpcFailure failure) when (failure.Code == 204 && failure.FailureData is { } data)
        {
            var table = new Table().AddColumns("field", "value", "meaning");
            table.AddRow("code", "204", "failure along the route; retry another route");
            table.AddRow("erring_index", data["erring_index"]!.ToJsonString(), "the hop that failed (0 is alice, 1 bob, 2 carol…)");
            table.AddRow("erring_node", NameOf(data["erring_node"]!.GetValue<string>()), "who reported it");
            table.AddRow("erring_channel", data["erring_channel"]!.GetValue<string>(), "the channel it could not forward over");
            table.AddRow("failcode", data["failcode"]!.ToJsonString(), "BOLT 4 temporary_channel_failure (UPDATE|7)");
            table.AddRow("channel_update", data["channel_update"] is null ? "(none)" : "present", "carol's signed channel_update, applied to the route table");
            console.Write(table);
            console.MarkupLineInterpolated($"  [grey]{failure.ErrorMessage}[/]");
            if (data["erring_node"]!.GetValue<string>() != Node(Carol).Id || data["erring_channel"]!.GetValue<string>() != Scid(Carol, Erin)
                || data["failcode"]!.GetValue<int>() != 4103)
                throw new InvalidOperationException($"the failure should name carol and the carol → erin channel with 4103: {data.ToJsonString()}");
            return new(invoice, $"error 204 from carol (erring_index {data["erring_index"]}) for channel {data["erring_channel"]}: {failure.ErrorMessage}");
        }
        throw new InvalidOperationException("sendpay through the drained channel succeeded; it should have failed with 204");
    }

    private async Task<string> PayAsync()
    {
        var invoice = await InvoiceAsync("demo-3", PaymentMsat);
        var result = await CallAsync(Alice, "pay", ("bolt11", invoice.Bolt11));
        var preimage = CheckPreimage(result, invoice.PaymentHash);
        console.MarkupLineInterpolated($"  preimage [grey]{preimage}[/] ✓");
        var fee = Msat(result["amount_sent_msat"]) - Msat(result["amount_msat"]);
        return $"paid in {result["attempts"]} attempt(s), fee {fee:N0} msat";
    }

    private async Task<string> BalancesAsync(List<long> before)
    {
        // A fulfilled HTLC leaves the payer's balance once both commitments have dropped it; wait for that, and
        // check on the way that no millisatoshi was created or lost across the network.
        List<long> after = [];
        await DemoNetwork.WaitAsync("every HTLC to be settled on both sides of every channel", async () =>
        {
            after = await ChannelBalancesAsync();
            return after.Sum() == before.Sum();
        }, _cancellationToken);
        var table = new Table().AddColumns("node", "in channels before (msat)", "after (msat)", "change (msat)");
        for (var i = 0; i < before.Count; i++)
            table.AddRow(Names[i], before[i].ToString("N0", Invariant), after[i].ToString("N0", Invariant), (after[i] - before[i]).ToString("+#,0;-#,0;0", Invariant));
        console.Write(table);
        var erinGain = after[Erin] - before[Erin];
        return erinGain > 0 ? $"erin received {erinGain:N0} msat in total; alice paid for three payments and the fees of bob, carol and dave; the network's total is unchanged"
            : throw new InvalidOperationException("erin's channel balance did not grow");
    }

    private async Task<List<long>> ChannelBalancesAsync()
    {
        var balances = new List<long>();
        for (var i = 0; i < _network.Nodes.Count; i++)
            balances.Add((await CallAsync(i, "listpeerchannels"))["channels"]!.AsArray().Sum(c => Msat(c!["to_us_msat"])));
        return balances;
    }

    private async Task<JsonNode?> ChannelAsync(int node, int peer)
    {
        var channels = (await CallAsync(node, "listpeerchannels"))["channels"]!.AsArray();
        return channels.FirstOrDefault(c => c!["peer_id"]!.GetValue<string>() == Node(peer).Id && c["state"]!.GetValue<string>() == "CHANNELD_NORMAL"
            && c["short_channel_id"] is not null);
    }

    private static long Msat(JsonNode? value) => value!.GetValue<long>();

    private static string Sat(long msat) => (msat / 1000).ToString("N0", Invariant);

    private void PrintKeepInstructions()
    {
        console.Write(new Rule("The network keeps running").LeftJustified());
        foreach (var node in _network.Nodes)
            console.WriteLine($"./fulgur cli --lightning-dir={node.LightningDir} getinfo");
        console.WriteLine($"devchain JSON-RPC: http://demo:demo@127.0.0.1:{_network.ChainPort}/");
        console.WriteLine("to stop it all:");
        foreach (var node in _network.Nodes)
            console.WriteLine($"./fulgur cli --lightning-dir={node.LightningDir} stop");
        console.WriteLine($"curl -s --user demo:demo --data '{{\"method\":\"stop\"}}' http://127.0.0.1:{_network.ChainPort}/");
    }

    private async Task<T> StepAsync<T>(string id, string title, Func<Task<T>> action)
    {
        console.MarkupLineInterpolated($"[bold]▶ {title}[/]");
        T result;
        try
        {
            result = await console.Status().StartAsync("working…", _ => action());
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            Log(id, false, e.Message);
            throw;
        }
        var detail = result switch
        {
            string text => text,
            IDemoDetail d => d.Detail,
            _ => "done",
        };
        console.MarkupLineInterpolated($"  [green]✓[/] {detail}");
        Log(id, true, detail);
        return result;
    }

    private void Log(string step, bool ok, string detail)
    {
        if (jsonLog is null)
            return;
        jsonLog.WriteLine(new JsonObject { ["step"] = step, ["ok"] = ok, ["detail"] = detail }.ToJsonString());
        jsonLog.Flush();
    }

    private interface IDemoDetail
    {
        string Detail { get; }
    }

    /// <summary>A step's value with the line that reports it.</summary>
    private sealed record DemoResult<T>(T Value, string Detail) : IDemoDetail;

    private sealed record Invoice(string Bolt11, string PaymentHash, string PaymentSecret) : IDemoDetail
    {
        public string Detail => $"invoice for {Sat(PaymentMsat)} sat, payment_hash {PaymentHash[..16]}…";
    }
}
