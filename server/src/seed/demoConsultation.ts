import type { LocalizedText, Role, StakeholderKind } from '@accord/shared';

/**
 * The demo consultation: the Lancang-Mekong Environmental Cooperation Strategic Framework as
 * circulated in 2017 (shared/seeds/000_*.txt). Clause texts are the seed's own Chinese and
 * English, with obvious typos of the slide export mended ("poly" → "policy"). Sections 1 and 2
 * are not in the slides: they hold the two sentences the Lao PDR comment quotes, in the wording
 * it asked to change, so the demo's comments have something to point at.
 */
export interface DemoSection {
  id: string;
  title: LocalizedText;
  clauses?: { id: string; text: LocalizedText }[];
  children?: DemoSection[];
}

export const DEMO_CONSULTATION = {
  id: 'lmec-2017',
  title: {
    en: 'Lancang-Mekong Environmental Cooperation Strategic Framework',
    zh: '澜沧江-湄公河环境合作战略框架',
  },
} as const;

const area = (n: number, title: LocalizedText, items: [string, string][]): DemoSection => ({
  id: `pa-${n}`,
  title,
  clauses: items.map(([zh, en], i) => ({ id: `pa-${n}-${i + 1}`, text: { en, zh } })),
});

export const DEMO_FRAMEWORK: DemoSection[] = [
  {
    id: 'background',
    title: { en: 'Background', zh: '背景' },
    clauses: [
      {
        id: 'background-1',
        text: {
          en: 'The Lancang-Mekong Countries are committed to implementing the 2030 Sustainable Development Agenda.',
          zh: '澜沧江-湄公河国家致力于落实2030年可持续发展议程。',
        },
      },
    ],
  },
  {
    id: 'review',
    title: { en: 'Review of Cooperation', zh: '合作回顾' },
    clauses: [
      {
        id: 'review-1',
        text: {
          en: 'Rapid economic growth has brought a great pressure to the rich fragile ecological environment for the region.',
          zh: '经济的快速增长对区域内丰富而脆弱的生态环境带来了巨大的压力。',
        },
      },
    ],
  },
  {
    id: 'objectives',
    title: { en: 'Cooperative Objectives', zh: '合作目标' },
    clauses: [
      ['促进次区域的可持续发展', 'To facilitate regional sustainable development'],
      [
        '推动澜沧江-湄公河生态环境保护合作',
        'To promote Lancang-Mekong ecological environmental protection cooperation',
      ],
      ['提供区域环境与发展政策对话平台', 'To establish the platform of Lancang-Mekong Environmental Policy Dialogues'],
      ['提升区域环境管理能力', 'To improve regional environmental management capacity'],
    ].map(([zh, en], i) => ({ id: `objective-${i + 1}`, text: { en: en as string, zh: zh as string } })),
  },
  {
    id: 'principles',
    title: { en: 'Cooperative Principles', zh: '合作原则' },
    clauses: [
      ['注重合作的长期性、稳定性与可持续性；', 'Emphasizing secular, stable and sustainable cooperation'],
      [
        '合作应充分考虑澜沧江-湄公河沿线各国自身国情和发展阶段情况；',
        'Taking full account of national conditions and development stages of the Lancang-Mekong Countries',
      ],
      // The wording of the draft sent out on 14 August 2017, which Lao PDR asked to change.
      [
        '采取共建、共享、互惠互利的合作原则；',
        'Following the principles of joint construction, sharing and mutual benefit',
      ],
      [
        '秉持开放、包容的精神，与现有区域合作机制互相补充、协调发展；',
        'Adhering to the spirit of tolerance, supplementing and coordinating with existing regional cooperation mechanism',
      ],
      [
        '在澜沧江-湄公河国家环境主管部门的职权范围内开展平等的对话与合作；',
        'Adopting equal dialogues and cooperation within the terms of reference of environmental authorities of the Lancang-Mekong Countries',
      ],
      [
        '欢迎其他国际和地区组织、非政府组织、私营部门等机构的共同参与。',
        'Being open to the joint participation of other international and regional organizations, NGOs, private sectors and etc.',
      ],
    ].map(([zh, en], i) => ({ id: `principle-${i + 1}`, text: { en: en as string, zh: zh as string } })),
  },
  {
    id: 'priority-areas',
    title: { en: 'Priority Areas', zh: '优先合作领域' },
    children: [
      area(1, { en: 'Mainstreaming Environmental Policies', zh: '环境政策主流化' }, [
        [
          '开展澜沧江-湄公河区域环境合作与2030年可持续发展议程高层政策对话',
          'High-level policy dialogues on Lancang-Mekong environmental cooperation and 2030 Sustainable Development Goals',
        ],
        [
          '开展澜沧江-湄公河环境政策体系、环境合作展望等联合研究',
          'Joint research on environmental policy, environmental cooperation outlook',
        ],
        [
          '开展跨部门政策对话与政府-企业圆桌对话',
          'Trans-departmental dialogue and government-enterprises round-table dialogue',
        ],
      ]),
      area(2, { en: 'Environmental Capacity Building Plan', zh: '环境能力建设计划' }, [
        [
          '提高区域环境规划能力与环境管理能力',
          'Enhance capacity building through organizing Lancang-Mekong environmental planning and management training programs as well as the leadership skill training for environmental sector',
        ],
        ['环境技术官员能力建设活动', 'Launch technical official capacity building activities'],
        ['开展基于多方合作的能力建设项目', 'Launch capacity building projects on multiple cooperation'],
        [
          '适时组织澜沧江-湄公河企业圆桌对话',
          'To organize the Lancang-Mekong Enterprises Roundtable Dialogue appropriately',
        ],
      ]),
      area(3, { en: 'Ecosystem Management and Biodiversity Conservation', zh: '生态系统管理与生物多样性保护' }, [
        ['联合研究', 'Joint research'],
        ['综合规划开发建设', 'Planning and construction'],
        ['调查、监测与评估', 'Investigation, monitoring and assessment'],
        ['公约履约', 'Implementation of conventions'],
      ]),
      area(4, { en: 'Climate Change Adaptation and Mitigation', zh: '气候变化适应与减缓' }, [
        [
          '环保与气候变化关系性研究',
          'Joint research on relevance of environmental protection and climate change adaptation and mitigation',
        ],
        ['绿色园区与社区', 'Low carbon and green industrial parks and communities'],
        ['应用平台与良好实践指南', 'Technological infrastructure cooperation platform and good practice guidelines'],
        ['气候适应型投资', 'Climate change resilient investment'],
      ]),
      area(5, { en: 'Urban Environmental Governance', zh: '城市环境治理' }, [
        ['城市环境规划合作', 'Blueprint cooperation'],
        ['水环境治理', 'Urban water environment management'],
        ['机动车尾气排放监测与治理', 'Monitoring and management of motor vehicle emissions'],
        ['城市垃圾管理', 'Municipal waste management'],
        ['城市可持续发展伙伴关系网络', 'Lancang-Mekong urban sustainable development partnership network'],
      ]),
      area(6, { en: 'Rural Environmental Governance', zh: '农村环境治理' }, [
        ['农村环境政策对话', 'Rural environmental policy dialogue'],
        ['技术合作', 'Technology cooperation'],
        ['农业生产污染示范项目合作', 'Agriculture-caused pollution management demonstration project'],
        ['农村废弃物资源化利用', 'Promote resource utilization of rural waste'],
      ]),
      area(
        7,
        {
          en: 'Environmentally Friendly Technology Communication and Environmental Protection Industrial Cooperation',
          zh: '环境友好型技术交流与环保产业合作',
        },
        [
          [
            '环境产业与技术需求清单联合调查研究',
            'Joint investigation and research on requirement list of environmental industry and technology',
          ],
          [
            '构建区域环境政府和社会资本合作交流平台',
            'Establish regional communication platform of government and social capital',
          ],
          ['生态工业园区合作', 'Propel cooperation of Lancang-Mekong Eco-industrial Park'],
        ],
      ),
      area(8, { en: 'Management of Environmental Data and Information', zh: '环境数据与信息管理' }, [
        ['环境数据与信息能力建设', 'Environmental information capacity building activities'],
        ['环境信息共享活动', 'Environmental information sharing activities'],
        ['环境智库知识分享与交流对话', 'Knowledge sharing and communication dialogue among think tanks'],
      ]),
      area(9, { en: 'Environmental Education and Public Awareness', zh: '环境教育与公众环境意识' }, [
        ['提高澜沧江-湄公河国家公众环境意识', 'Strengthen public environmental awareness'],
        ['建立澜沧江-湄公河环境教育网络', 'Establish the Lancang-Mekong Environmental Education Network'],
        ['开展澜沧江-湄公河环境合作青年论坛', 'Organize the Lancang-Mekong Environmental Youth Forum'],
      ]),
    ],
  },
  {
    id: 'forms',
    title: { en: 'Forms of Cooperation', zh: '合作形式' },
    clauses: [
      {
        id: 'forms-1',
        text: {
          en: 'Green Lancang-Mekong Initiative is a flagship program to implement the Lancang-Mekong Environmental Cooperation Strategy. It includes: Lancang-Mekong Environmental Cooperation Policy Dialogue, Mainstreaming of Environmental Policy, Environmental Capacity Building, Environmental Demonstration Cooperation, Environmental Cooperation Partnership.',
          zh: '澜沧江-湄公河环境合作中心将组织实施“绿色澜湄计划”旗舰项目，具体推动澜沧江-湄公河环境合作项目设计与实施。主要包括：澜湄环境合作政策对话，环境政策主流化，环境能力建设，环境示范项目，环境合作伙伴关系。',
        },
      },
    ],
  },
  {
    id: 'funding',
    title: { en: 'Funding Mechanism', zh: '资金机制' },
    clauses: [
      ['澜沧江-湄公河合作专项基金', 'Lancang-Mekong Cooperation Fund'],
      ['澜沧江-湄公河国家提供的资金', 'Support from Lancang-Mekong countries'],
      ['国际发展伙伴和第三国提供的资金', 'Support from international partners and third countries'],
      ['企业资金', 'Support from enterprises'],
      ['其他', 'Others'],
    ].map(([zh, en], i) => ({ id: `funding-${i + 1}`, text: { en: en as string, zh: zh as string } })),
  },
];

export const DEMO_STAKEHOLDERS: { id: string; kind: StakeholderKind; name: LocalizedText }[] = [
  { id: 'lmec', kind: 'secretariat', name: { en: 'LMEC Secretariat', zh: '澜湄环境合作中心秘书处' } },
  { id: 'china', kind: 'member_state', name: { en: 'China', zh: '中国' } },
  { id: 'cambodia', kind: 'member_state', name: { en: 'Cambodia', zh: '柬埔寨' } },
  { id: 'laos', kind: 'member_state', name: { en: 'Lao PDR', zh: '老挝' } },
  { id: 'myanmar', kind: 'member_state', name: { en: 'Myanmar', zh: '缅甸' } },
  { id: 'thailand', kind: 'member_state', name: { en: 'Thailand', zh: '泰国' } },
  { id: 'vietnam', kind: 'member_state', name: { en: 'Viet Nam', zh: '越南' } },
  { id: 'tnc', kind: 'partner', name: { en: 'The Nature Conservancy', zh: '大自然保护协会' } },
  { id: 'ci', kind: 'partner', name: { en: 'Conservation International', zh: '保护国际基金会' } },
  { id: 'sei', kind: 'partner', name: { en: 'SEI Asia Centre', zh: '斯德哥尔摩环境研究所亚洲中心' } },
];

/** Every demo account signs in with this password (listed in the README). */
export const DEMO_PASSWORD = 'accord-demo';

export const DEMO_PEOPLE: { id: string; email: string; name: string; role: Role; stakeholderId: string | null }[] = [
  { id: 'p-secretariat', email: 'secretariat@lmec.org', name: 'Chen Jing', role: 'secretariat', stakeholderId: 'lmec' },
  { id: 'p-china', email: 'delegate.china@lmec.org', name: 'Wang Fang', role: 'delegate', stakeholderId: 'china' },
  {
    id: 'p-cambodia',
    email: 'delegate.cambodia@lmec.org',
    name: 'Sok Dara',
    role: 'delegate',
    stakeholderId: 'cambodia',
  },
  {
    id: 'p-laos',
    email: 'delegate.laos@lmec.org',
    name: 'Khamla Phommachanh',
    role: 'delegate',
    stakeholderId: 'laos',
  },
  { id: 'p-myanmar', email: 'delegate.myanmar@lmec.org', name: 'Aung Min', role: 'delegate', stakeholderId: 'myanmar' },
  {
    id: 'p-thailand',
    email: 'delegate.thailand@lmec.org',
    name: 'Siriporn Chaiyasit',
    role: 'delegate',
    stakeholderId: 'thailand',
  },
  {
    id: 'p-vietnam',
    email: 'delegate.vietnam@lmec.org',
    name: 'Nguyen Thi Lan',
    role: 'delegate',
    stakeholderId: 'vietnam',
  },
  { id: 'p-tnc', email: 'tnc@partners.org', name: 'Emma Hart', role: 'partner', stakeholderId: 'tnc' },
  { id: 'p-ci', email: 'ci@partners.org', name: 'Daniel Ruiz', role: 'partner', stakeholderId: 'ci' },
  { id: 'p-sei', email: 'sei@partners.org', name: 'Niran Kittikhun', role: 'partner', stakeholderId: 'sei' },
  { id: 'p-observer', email: 'observer@lmec.org', name: 'Maya Observer', role: 'observer', stakeholderId: null },
];
