using Fulgur.Node.Rpc.Commands;

namespace Fulgur.Node;

/// <summary>
/// The one place the node's parts are wired together: each component is constructed here from the
/// <see cref="NodeContext"/>, adds its RPC commands to the registry, and is returned to be started (in this order) and
/// stopped (in reverse) by <see cref="NodeHost"/>. New components (peers under Peers/, the chain watcher, …) are
/// added here.
/// </summary>
internal static class NodeComposition
{
    public static IReadOnlyList<INodeComponent> Compose(NodeContext context)
    {
        var commands = context.Commands;
        commands.Add(new GetInfoCommand(context.Identity, context.Config, context.Status));
        commands.Add(new HelpCommand(commands));
        commands.Add(new StopCommand(context.Lifetime));
        commands.Add(new ListConfigsCommand(context.Config, context.Identity));
        // Chain access and the on-chain wallet (Chain/, Wallet/).
        var chain = Chain.ChainServices.Create(context);
        commands.Add(new NewAddrCommand(chain.Wallet));
        commands.Add(new WithdrawCommand(chain.Wallet, chain.Fees));
        // BOLT 8 peers (Peers/): listener, connections, init, ping; later components subscribe through IPeerNetwork.
        var peers = new Peers.PeerManager(context.NodeKey, context.Config.ListenAddresses, context.Config.Network, context.Store,
            context.Status, context.Log, context.Clock);
        commands.Add(new ConnectCommand(peers, context.Config.Network));
        commands.Add(new DisconnectCommand(peers));
        commands.Add(new PingCommand(peers));
        // Channels (Channels/): one mailbox per channel over the channel core; started before peers so reconnections find them.
        var channels = Channels.ChannelManagerFactory.Create(context, chain, peers);
        commands.Add(new ListFundsCommand(chain.Wallet, channels, peers));
        commands.Add(new ListPeersCommand(peers, channels));
        commands.Add(new FundChannelCommand(channels, chain.Fees));
        commands.Add(new ListPeerChannelsCommand(channels, peers));
        commands.Add(new CloseCommand(channels));
        // Invoices (Invoices/): issued invoices and the settlement API the HTLC switch calls for payments that end here.
        var invoices = Invoices.InvoiceService.Create(context);
        commands.Add(new InvoiceCommand(invoices));
        commands.Add(new ListInvoicesCommand(invoices));
        commands.Add(new DelInvoiceCommand(invoices));
        commands.Add(new WaitInvoiceCommand(invoices));
        commands.Add(new WaitAnyInvoiceCommand(invoices));
        commands.Add(new DecodePayCommand());
        // HTLC switch and payments (Payments/): our channel_update, forwarding and settling incoming HTLCs, sendpay. The switch
        // starts after channels (it replays their unresolved HTLCs) and before peers connect.
        var routes = new Routing.RouteTable(new Routing.RouteGraph(), () => context.Clock.GetUtcNow(), TimeSpan.FromMinutes(10));
        var channelUpdates = Payments.LocalChannelUpdates.Create(context, channels, peers);
        var htlcSwitch = new Payments.HtlcSwitch(channels, invoices, channelUpdates, context.NodeKey, context.Store, context.Status,
            context.Log.For("htlcswitch"), context.Clock);
        var payments = new Payments.PaymentService(htlcSwitch, routes, context.Store, context.Status,
            new Protocol.Types.NodeId(context.Identity.NodeId), context.Log.For("payments"), context.Clock);
        commands.Add(new SendPayCommand(payments));
        commands.Add(new WaitSendPayCommand(payments));
        commands.Add(new ListPaymentsCommand(payments));
        commands.Add(new ListSendPaysCommand(payments));
        // Gossip (Gossip/): BOLT 7 in and out, our announcements, the route graph; getroute, listchannels, listnodes.
        var gossip = new Gossip.GossipManager(context.Config, context.Identity, context.NodeKey, context.Store, peers, channels,
            new Gossip.BitcoindFundingLookup(chain.Client), routes, context.Status, context.Log.For("gossip"), context.Clock);
        gossip.UseLocalUpdates(new Gossip.LocalUpdateSource(channelUpdates.Current, channelUpdates.Refresh, h => channelUpdates.Updated += h));
        chain.Watcher.Subscribe(gossip);
        peers.AnnouncedAddresses = gossip.AnnouncedAddressesAsync;
        invoices.UsePrivateChannels(gossip.PrivateChannelPeerUpdatesAsync);
        commands.Add(new GetRouteCommand(routes, new Protocol.Types.NodeId(context.Identity.NodeId)));
        commands.Add(new ListChannelsCommand(gossip));
        commands.Add(new ListNodesCommand(gossip));
        // pay (Payments/InvoicePayer.cs): getroute over the route table, then sendpay, until done.
        commands.Add(new PayCommand(new Payments.InvoicePayer(payments, routes, new Protocol.Types.NodeId(context.Identity.NodeId), context.Clock),
            Config.BitcoinNetworks.ToNetwork(context.Config.Network)));
        return [chain, channels, htlcSwitch, gossip, peers];
    }
}
