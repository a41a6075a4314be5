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
        return [chain, channels, peers];
    }
}
