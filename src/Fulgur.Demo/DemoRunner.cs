using System.Text.Json.Nodes;
using Spectre.Console;

namespace Fulgur.Demo;

/// <summary>
/// The story <c>./fulgur demo</c> tells, one real step after another: a regtest chain, a few nodes, BOLT 8
/// connections, funded wallets, an on-chain withdrawal, channels opened along the connections. Each step checks that what it claims really happened; the
/// demo grows as the node does (channels, payments, reroutes) and never shows a step that does not work yet.
/// </summary>
internal sealed class DemoRunner(DemoOptions options, IAnsiConsole console, TextWriter? jsonLog)
{
    private static readonly string[] Names = ["alice", "bob", "carol", "dave", "erin", "frank", "grace", "heidi"];
    private const long FundingSat = 100_000_000;
    private const long WithdrawSat = 10_000_000;
    private const long ChannelSat = 1_000_000;

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
        console.Write(new Rule("[yellow]Fulgur[/]: a Lightning node in C#, on a throw-away regtest chain").LeftJustified());
        console.MarkupLineInterpolated($"[grey]working directory {workDir}[/]");
        try
        {
            await StepAsync("chain", "Start the regtest chain (fulgur-devchain) and mine 101 blocks", async () =>
            {
                await network.StartChainAsync(cancellationToken);
                await network.MineAsync(101);
                var height = (await network.Chain.CallAsync("getblockcount"))!.GetValue<long>();
                return $"height {height}, JSON-RPC on 127.0.0.1:{network.ChainPort}";
            });

            await StepAsync("nodes", $"Start {options.Nodes} fulgurd nodes", async () =>
            {
                foreach (var name in Names.Take(options.Nodes))
                    await network.StartNodeAsync(name, cancellationToken);
                var table = new Table().AddColumns("node", "id", "listening on");
                foreach (var node in network.Nodes)
                    table.AddRow(node.Name, node.Id[..20] + "…", $"127.0.0.1:{node.Port}");
                console.Write(table);
                return $"{network.Nodes.Count} nodes answering getinfo";
            });

            await StepAsync("connect", "Connect them in a line over BOLT 8 (Noise_XK handshake, then init)", async () =>
            {
                for (var i = 0; i + 1 < network.Nodes.Count; i++)
                {
                    var (from, to) = (network.Nodes[i], network.Nodes[i + 1]);
                    await from.Rpc.CallAsync("connect", DemoNetwork.Params(("id", $"{to.Id}@127.0.0.1:{to.Port}")), cancellationToken);
                    await DemoNetwork.WaitAsync($"{to.Name} to list {from.Name}", async () =>
                        (await to.Rpc.CallAsync("listpeers", cancellationToken: cancellationToken))["peers"]!.AsArray()
                            .Any(p => p!["id"]!.GetValue<string>() == from.Id && p["connected"]!.GetValue<bool>()), cancellationToken);
                    console.MarkupLineInterpolated($"  {from.Name} → {to.Name}: connected, both list each other");
                }
                return $"{network.Nodes.Count - 1} connections";
            });

            await StepAsync("fund", "Fund each node's on-chain wallet from the devchain faucet", async () =>
            {
                foreach (var node in network.Nodes)
                {
                    var address = (await node.Rpc.CallAsync("newaddr", cancellationToken: cancellationToken))["bech32"]!.GetValue<string>();
                    await network.Chain.CallAsync("sendtoaddress", address, FundingSat / 100_000_000m);
                }
                await network.MineAsync(1);
                foreach (var node in network.Nodes)
                    await DemoNetwork.WaitAsync($"{node.Name}'s funds to confirm", async () => await DemoNetwork.ConfirmedSatAsync(node) == FundingSat,
                        cancellationToken);
                return $"each wallet holds {FundingSat:N0} sat, confirmed";
            });

            await StepAsync("withdraw", "Withdraw on chain: the first node pays the devchain wallet", async () =>
            {
                var payer = network.Nodes[0];
                var destination = (await network.Chain.CallAsync("getnewaddress"))!.GetValue<string>();
                var result = await payer.Rpc.CallAsync("withdraw",
                    DemoNetwork.Params(("destination", destination), ("satoshi", WithdrawSat)), cancellationToken);
                var txid = result["txid"]!.GetValue<string>();
                await network.MineAsync(1);
                var tx = await network.Chain.CallAsync("getrawtransaction", txid, true);
                if ((tx?["confirmations"]?.GetValue<long>() ?? 0) < 1)
                    throw new InvalidOperationException($"withdrawal {txid} is not confirmed on the devchain");
                await DemoNetwork.WaitAsync($"{payer.Name}'s change to confirm", async () =>
                {
                    var confirmed = await DemoNetwork.ConfirmedSatAsync(payer);
                    return confirmed > 0 && confirmed < FundingSat - WithdrawSat;
                }, cancellationToken);
                return $"{WithdrawSat:N0} sat in {txid[..16]}…, confirmed; change back in {payer.Name}'s wallet";
            });

            await StepAsync("channels", "Open a channel along each connection (BOLT 2 over BOLT 8, funded on chain)", async () =>
            {
                for (var i = 0; i + 1 < network.Nodes.Count; i++)
                {
                    var (from, to) = (network.Nodes[i], network.Nodes[i + 1]);
                    await from.Rpc.CallAsync("fundchannel", DemoNetwork.Params(("id", to.Id), ("amount", ChannelSat)), cancellationToken);
                }
                await network.MineAsync(1);
                var table = new Table().AddColumns("channel", "scid", "state", "funder's balance (msat)");
                for (var i = 0; i + 1 < network.Nodes.Count; i++)
                {
                    var (from, to) = (network.Nodes[i], network.Nodes[i + 1]);
                    JsonNode? channel = null;
                    await DemoNetwork.WaitAsync($"{from.Name} → {to.Name} to be CHANNELD_NORMAL on both sides", async () =>
                    {
                        channel = await NormalChannelAsync(from, to.Id, cancellationToken);
                        return channel is not null && await NormalChannelAsync(to, from.Id, cancellationToken) is not null;
                    }, cancellationToken);
                    table.AddRow($"{from.Name} → {to.Name}", channel!["short_channel_id"]!.GetValue<string>(), "CHANNELD_NORMAL",
                        channel["to_us_msat"]!.ToJsonString());
                }
                console.Write(table);
                return $"{network.Nodes.Count - 1} channels of {ChannelSat:N0} sat, usable on both sides";
            });

            var balances = new Table().AddColumns("node", "confirmed on-chain (sat)");
            foreach (var node in network.Nodes)
                balances.AddRow(node.Name, (await DemoNetwork.ConfirmedSatAsync(node)).ToString("N0", System.Globalization.CultureInfo.InvariantCulture));
            console.Write(balances);
            console.MarkupLine("[grey]Next in the story as the node grows: payments across these channels with sendpay, a routing failure and the reroute.[/]");

            if (options.Keep)
            {
                console.Write(new Rule("The network keeps running").LeftJustified());
                foreach (var node in network.Nodes)
                    console.WriteLine($"./fulgur cli --lightning-dir={node.LightningDir} getinfo");
                console.WriteLine($"devchain JSON-RPC: http://demo:demo@127.0.0.1:{network.ChainPort}/");
                console.WriteLine("to stop it all:");
                foreach (var node in network.Nodes)
                    console.WriteLine($"./fulgur cli --lightning-dir={node.LightningDir} stop");
                console.WriteLine($"curl -s --user demo:demo --data '{{\"method\":\"stop\"}}' http://127.0.0.1:{network.ChainPort}/");
            }
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

    private static async Task<JsonNode?> NormalChannelAsync(DemoNode node, string peerId, CancellationToken cancellationToken)
    {
        var channels = (await node.Rpc.CallAsync("listpeerchannels", cancellationToken: cancellationToken))["channels"]!.AsArray();
        return channels.FirstOrDefault(c => c!["peer_id"]!.GetValue<string>() == peerId && c["state"]!.GetValue<string>() == "CHANNELD_NORMAL"
            && c["short_channel_id"] is not null);
    }

    private async Task StepAsync(string id, string title, Func<Task<string>> action)
    {
        console.MarkupLineInterpolated($"[bold]▶ {title}[/]");
        string detail;
        try
        {
            detail = await console.Status().StartAsync("working…", _ => action());
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            Log(id, false, e.Message);
            throw;
        }
        console.MarkupLineInterpolated($"  [green]✓[/] {detail}");
        Log(id, true, detail);
    }

    private void Log(string step, bool ok, string detail)
    {
        if (jsonLog is null)
            return;
        jsonLog.WriteLine(new JsonObject { ["step"] = step, ["ok"] = ok, ["detail"] = detail }.ToJsonString());
        jsonLog.Flush();
    }
}
