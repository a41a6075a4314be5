using Fulgur.Protocol.Types;

namespace Fulgur.Node.Routing;

/// <summary>
/// getroute's search: Dijkstra backwards from the destination, so that each label carries the exact amount and
/// CLTV that must arrive at a node for the rest of the route; relaxing an incoming channel then adds that
/// channel's fee and delta exactly. The cost minimised is interfaces.md §5's (lightning-getroute(7)):
/// fees + amount × delay × riskfactor / 5,259,600,000, summed over hops. Fuzz perturbs only the fees used to
/// choose; the amounts returned are recomputed exactly. A label may not exceed <c>maxhops</c>; when that pruning
/// leaves no route, a hop-layered Bellman–Ford (O(maxhops × edges)) searches again.
/// Runs on an immutable <see cref="GraphSnapshot"/>; scratch arrays are per thread and reused.
/// </summary>
public static class RouteFinder
{
    private const double RiskDivisor = 5_259_600_000d;

    [ThreadStatic]
    private static Workspace? t_workspace;

    public static RouteOutcome GetRoute(GraphSnapshot graph, RouteRequest request) =>
        GetRoute(graph, request, RouteExclusions.None);

    /// <summary>As above, with the route table's standing exclusions (failures being penalised) added.</summary>
    public static RouteOutcome GetRoute(GraphSnapshot graph, RouteRequest request, RouteExclusions standing)
    {
        ArgumentNullException.ThrowIfNull(graph);
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(standing);
        if (request.Amount.Value <= 0 || !request.Amount.IsMoneyRange)
            return new RouteOutcome.NoRoute("amount must be positive and within the money range");
        if (request.MaxHops < 1)
            return new RouteOutcome.NoRoute("maxhops must be at least 1");
        if (request.RiskFactor < 0 || double.IsNaN(request.RiskFactor) || request.FuzzPercent is < 0 or > 100)
            return new RouteOutcome.NoRoute("riskfactor must be >= 0 and fuzzpercent within 0..100");
        if (!graph.TryGetNode(request.Source, out var source))
            return new RouteOutcome.NoRoute($"source {request.Source} is not in the graph");
        if (!graph.TryGetNode(request.Destination, out var destination))
            return new RouteOutcome.NoRoute($"destination {request.Destination} is not in the graph");
        if (source == destination)
            return new RouteOutcome.NoRoute("source and destination are the same node");

        var search = new Search(graph, request, standing, source, destination,
            t_workspace ??= new Workspace());
        var found = search.Dijkstra();
        var route = found < 0 ? null : search.BuildRoute(found);
        if (route is null && search.PrunedByHops)
        {
            found = search.HopLayered();
            route = found < 0 ? null : search.BuildRoute(found);
        }
        return route is null
            ? new RouteOutcome.NoRoute($"no route from {request.Source} to {request.Destination} for {request.Amount.Value} msat")
            : new RouteOutcome.Found(route);
    }

    private sealed class Workspace
    {
        public int Generation;
        public int[] Stamp = [];
        public double[] Cost = [];
        public long[] Amount = [];
        public int[] Delay = [];
        public int[] Hops = [];
        public int[] Via = [];
        public bool[] Done = [];
        public readonly PriorityQueue<int, double> Queue = new();

        public void Reset(int nodeCount)
        {
            if (Stamp.Length < nodeCount)
            {
                Stamp = new int[nodeCount];
                Cost = new double[nodeCount];
                Amount = new long[nodeCount];
                Delay = new int[nodeCount];
                Hops = new int[nodeCount];
                Via = new int[nodeCount];
                Done = new bool[nodeCount];
                Generation = 0;
            }
            if (++Generation == int.MaxValue)
            {
                Array.Clear(Stamp);
                Generation = 1;
            }
            Queue.Clear();
        }
    }

    private sealed class Search
    {
        private readonly GraphSnapshot _graph;
        private readonly RouteRequest _request;
        private readonly int _source;
        private readonly int _destination;
        private readonly Workspace _ws;
        private readonly HashSet<int> _excludedHalves = [];
        private readonly HashSet<int> _excludedNodes = [];
        private readonly double _fuzz;
        private readonly ulong _fuzzSeed;

        public Search(GraphSnapshot graph, RouteRequest request, RouteExclusions standing, int source, int destination, Workspace ws)
        {
            _graph = graph;
            _request = request;
            _source = source;
            _destination = destination;
            _ws = ws;
            _fuzz = request.FuzzPercent / 100d;
            _fuzzSeed = request.FuzzSeed;
            foreach (var (channel, direction) in request.ExcludedChannels.Concat(standing.Channels))
            {
                if (graph.TryGetHalfChannel(channel, direction, out var h))
                    _excludedHalves.Add(h);
            }
            foreach (var node in request.ExcludedNodes.Concat(standing.Nodes))
            {
                if (graph.TryGetNode(node, out var n))
                    _excludedNodes.Add(n);
            }
        }

        public bool PrunedByHops { get; private set; }

        /// <summary>Returns the first half-channel out of the source, or -1.</summary>
        public int Dijkstra()
        {
            var ws = _ws;
            ws.Reset(_graph.NodeCount);
            var gen = ws.Generation;
            var maxHops = _request.MaxHops;
            Label(_destination, 0d, _request.Amount.Value, (int)Math.Min(_request.FinalCltv, int.MaxValue), 0, -1);
            ws.Queue.Enqueue(_destination, 0d);
            var bestFirst = -1;
            var bestCost = double.PositiveInfinity;
            while (ws.Queue.TryDequeue(out var v, out var cost))
            {
                if (ws.Done[v] || cost > ws.Cost[v])
                    continue;
                if (cost >= bestCost)
                    break;
                ws.Done[v] = true;
                var amount = ws.Amount[v];
                var delay = ws.Delay[v];
                var hops = ws.Hops[v];
                foreach (var h in _graph.IncomingOf(v))
                {
                    ref readonly var half = ref _graph.Half(h);
                    var u = half.Source;
                    if (!Carries(in half, h, amount) || (ws.Stamp[u] == gen && ws.Done[u]))
                        continue;
                    var hopCost = cost + Risk(amount, delay);
                    if (u == _source)
                    {
                        if (hopCost < bestCost)
                            (bestCost, bestFirst) = (hopCost, h);
                        continue;
                    }
                    if (_excludedNodes.Contains(u))
                        continue;
                    if (hops + 1 >= maxHops)
                    {
                        PrunedByHops = true;
                        continue;
                    }
                    var fee = ChannelPolicy.FeeMsat(half.FeeBaseMsat, half.FeeProportionalMillionths, amount);
                    var newCost = hopCost + FuzzedFee(fee, h);
                    if (ws.Stamp[u] != gen || newCost < ws.Cost[u])
                    {
                        Label(u, newCost, amount + fee, delay + half.CltvExpiryDelta, hops + 1, h);
                        ws.Queue.Enqueue(u, newCost);
                    }
                }
            }
            if (bestFirst >= 0)
                _ws.Via[_source] = bestFirst;
            return bestFirst;
        }

        /// <summary>
        /// Bellman–Ford in rounds: after round k each node's label is the cheapest found with at most k hops to the
        /// destination, so the hop bound is exact (labels are still amount-dependent, as in any such search).
        /// </summary>
        public int HopLayered()
        {
            var n = _graph.NodeCount;
            var cost = new double[n];
            var amount = new long[n];
            var delay = new int[n];
            var via = new int[n];
            Array.Fill(cost, double.PositiveInfinity);
            Array.Fill(via, -1);
            cost[_destination] = 0;
            amount[_destination] = _request.Amount.Value;
            delay[_destination] = (int)Math.Min(_request.FinalCltv, int.MaxValue);
            var bestFirst = -1;
            var bestCost = double.PositiveInfinity;
            var halves = _graph.Halves;
            for (var round = 1; round <= _request.MaxHops; round++)
            {
                var nextCost = (double[])cost.Clone();
                var nextAmount = (long[])amount.Clone();
                var nextDelay = (int[])delay.Clone();
                var nextVia = (int[])via.Clone();
                var changed = false;
                for (var h = 0; h < halves.Length; h++)
                {
                    ref readonly var half = ref halves[h];
                    var v = half.Destination;
                    if (!half.Usable || double.IsPositiveInfinity(cost[v]) || v == _source || !Carries(in half, h, amount[v]))
                        continue;
                    var u = half.Source;
                    var hopCost = cost[v] + Risk(amount[v], delay[v]);
                    if (u == _source)
                    {
                        if (hopCost < bestCost && !PathVisits(via, v, _source))
                            (bestCost, bestFirst) = (hopCost, h);
                        continue;
                    }
                    if (u == _destination || _excludedNodes.Contains(u) || round == _request.MaxHops || PathVisits(via, v, u))
                        continue;
                    var fee = ChannelPolicy.FeeMsat(half.FeeBaseMsat, half.FeeProportionalMillionths, amount[v]);
                    var newCost = hopCost + FuzzedFee(fee, h);
                    if (newCost < nextCost[u])
                    {
                        (nextCost[u], nextAmount[u], nextDelay[u], nextVia[u]) = (newCost, amount[v] + fee, delay[v] + half.CltvExpiryDelta, h);
                        changed = true;
                    }
                }
                (cost, amount, delay, via) = (nextCost, nextAmount, nextDelay, nextVia);
                if (!changed)
                    break;
            }
            if (bestFirst < 0)
                return -1;
            // Copy the chain into the workspace so BuildRoute follows it (PathVisits checked it ends at the destination).
            var node = _graph.Half(bestFirst).Destination;
            while (node != _destination)
            {
                _ws.Via[node] = via[node];
                node = _graph.Half(via[node]).Destination;
            }
            _ws.Via[_source] = bestFirst;
            return bestFirst;
        }

        /// <summary>Whether the chain from <paramref name="from"/> passes <paramref name="target"/> (or is not a simple chain).</summary>
        private bool PathVisits(int[] via, int from, int target)
        {
            var steps = 0;
            for (var node = from; node != _destination; node = _graph.Half(via[node]).Destination)
            {
                if (node == target || via[node] < 0 || ++steps > _request.MaxHops)
                    return true;
            }
            return target == _destination;
        }

        /// <summary>Whether the half-channel may carry <paramref name="amount"/> (BOLT #7 limits, capacity, exclusions).</summary>
        private bool Carries(in HalfChannel half, int h, long amount) =>
            // BOLT #7: "MUST set `htlc_minimum_msat` to the minimum HTLC value (in millisatoshi) that the channel peer
            // will accept."; htlc_maximum_msat is the most the sender will forward in one HTLC; both bound the amount.
            amount >= half.HtlcMinimumMsat && amount <= half.HtlcMaximumMsat && amount <= half.CapacityMsat
            && (_excludedHalves.Count == 0 || !_excludedHalves.Contains(h));

        private double Risk(long amount, int delay) => amount * (double)delay * _request.RiskFactor / RiskDivisor;

        private double FuzzedFee(long fee, int h)
        {
            if (_fuzz == 0 || fee == 0)
                return fee;
            // A fixed factor per half-channel for this request, in [1 - fuzz, 1 + fuzz], from the seed (SplitMix64).
            var z = _fuzzSeed + ((ulong)h * 0x9E3779B97F4A7C15UL);
            z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
            z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
            z ^= z >> 31;
            var unit = (z >> 11) * (1d / (1UL << 53));
            return fee * (1 + (_fuzz * ((2 * unit) - 1)));
        }

        private void Label(int node, double cost, long amount, int delay, int hops, int via)
        {
            var ws = _ws;
            ws.Stamp[node] = ws.Generation;
            ws.Cost[node] = cost;
            ws.Amount[node] = amount;
            ws.Delay[node] = delay;
            ws.Hops[node] = hops;
            ws.Via[node] = via;
            ws.Done[node] = false;
        }

        /// <summary>
        /// Walks from the source to the destination and recomputes every amount and delay exactly, backwards;
        /// null if the chain is broken or an exact amount falls outside a channel's limits.
        /// </summary>
        public Route? BuildRoute(int first)
        {
            var path = new List<int>();
            for (var h = first; ; h = _ws.Via[_graph.Half(h).Destination])
            {
                if (h < 0 || path.Count >= _request.MaxHops)
                    return null;
                path.Add(h);
                if (_graph.Half(h).Destination == _destination)
                    break;
            }
            var hops = new RouteHop[path.Count];
            var amount = _request.Amount.Value;
            var delay = _request.FinalCltv;
            for (var i = path.Count - 1; i >= 0; i--)
            {
                var h = path[i];
                ref readonly var half = ref _graph.Half(h);
                if (!Carries(in half, h, amount))
                    return null;
                hops[i] = new RouteHop(_graph.NodeAt(half.Destination), _graph.ChannelOf(h), GraphSnapshot.DirectionOf(h),
                    new MilliSatoshi(amount), delay);
                // The node forwarding over this channel charges its fee and adds its cltv_expiry_delta
                // for the hop before it (none for the source's own channel).
                amount += ChannelPolicy.FeeMsat(half.FeeBaseMsat, half.FeeProportionalMillionths, amount);
                delay += (uint)half.CltvExpiryDelta;
            }
            return new Route(hops);
        }
    }
}
